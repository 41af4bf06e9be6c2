package netif

import (
	"context"
	"io"
	"net"
	"slices"
	"testing"
	"time"
)

// Benchmarks compare an interface against raw loopback TCP in the same run,
// alternating the two so that both see the same machine state (baselines.md
// §0: RTT on this VM is bimodal, 8 µs vs 80 µs).

const (
	chunk     = 32 << 10
	blockSize = 128 * chunk // 4 MiB per measured block
)

// blockSink reads blockSize bytes, then acknowledges with one byte, forever.
func blockSink(c net.Conn) {
	buf := make([]byte, 64<<10)
	for {
		if _, err := io.CopyBuffer(io.Discard, io.LimitReader(c, blockSize), buf); err != nil {
			return
		}
		if _, err := c.Write([]byte{1}); err != nil {
			return
		}
	}
}

// benchPair dials addr raw and through an interface configured with body.
func benchPair(b *testing.B, handle func(net.Conn), body string) (raw, via net.Conn) {
	b.Helper()
	addr := tcpServer(b, handle)
	s := NewSet(&Options{Seed: 1})
	b.Cleanup(func() { s.Close() })
	ifc := s.Interface(LWIPGP)
	if body != "" {
		_, c, err := ParseSpec("LWIP_GP:" + body)
		if err != nil {
			b.Fatal(err)
		}
		ifc.Configure(c)
	}
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	via, err = ifc.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { raw.Close(); via.Close() })
	return raw, via
}

// sendBlock writes one block and waits for its acknowledgement.
func sendBlock(b *testing.B, c net.Conn, buf []byte) time.Duration {
	start := time.Now()
	for range blockSize / chunk {
		if _, err := c.Write(buf); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := io.ReadFull(c, buf[:1]); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// throughput runs one raw and one interface block per iteration, swapping
// their order each time, and reports MB/s of both and their ratio.
func throughput(b *testing.B, body string) {
	raw, via := benchPair(b, blockSink, body)
	buf := make([]byte, chunk)
	sendBlock(b, raw, buf) // warm-up
	sendBlock(b, via, buf)
	var tRaw, tVia time.Duration
	b.SetBytes(blockSize)
	n := 0
	for b.Loop() {
		if n%2 == 0 {
			tRaw += sendBlock(b, raw, buf)
			tVia += sendBlock(b, via, buf)
		} else {
			tVia += sendBlock(b, via, buf)
			tRaw += sendBlock(b, raw, buf)
		}
		n++
	}
	mbs := func(d time.Duration) float64 { return float64(n) * blockSize / 1e6 / d.Seconds() }
	b.ReportMetric(mbs(tRaw), "raw-MB/s")
	b.ReportMetric(mbs(tVia), "iface-MB/s")
	b.ReportMetric(mbs(tVia)/mbs(tRaw), "ratio")
}

// BenchmarkIdealThroughput: ideal interface vs raw loopback TCP, upload of
// 4 MiB blocks in 32 KiB writes. Target ≥ 0.8×.
func BenchmarkIdealThroughput(b *testing.B) { throughput(b, "") }

// BenchmarkStagedThroughput: the stage pipeline with a 1 µs latency (no
// rate limit) vs raw loopback TCP: the cost of the staged path itself.
func BenchmarkStagedThroughput(b *testing.B) { throughput(b, "latency=1us") }

// BenchmarkIdealRTT: 1-byte round trips, ideal interface vs raw, in
// alternating blocks of 100; reports medians of the block means and the
// median per-block difference. Target ≤ 50 µs added.
func BenchmarkIdealRTT(b *testing.B) { rtt(b, "") }

// BenchmarkStagedRTT: the same through the stage pipeline (latency=1us).
func BenchmarkStagedRTT(b *testing.B) { rtt(b, "latency=1us") }

func rtt(b *testing.B, body string) {
	raw, via := benchPair(b, echo, body)
	const block = 100
	one := func(c net.Conn) time.Duration {
		buf := []byte{0}
		start := time.Now()
		for range block {
			if _, err := c.Write(buf); err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadFull(c, buf); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start) / block
	}
	one(raw) // warm-up
	one(via)
	var rs, vs, diffs []float64
	n := 0
	for b.Loop() {
		var r, v time.Duration
		if n%2 == 0 {
			r, v = one(raw), one(via)
		} else {
			v, r = one(via), one(raw)
		}
		n++
		rs, vs = append(rs, us(r)), append(vs, us(v))
		diffs = append(diffs, us(v-r))
	}
	b.ReportMetric(median(rs), "raw-µs/rtt")
	b.ReportMetric(median(vs), "iface-µs/rtt")
	b.ReportMetric(median(diffs), "added-µs/rtt")
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkLatencyAccuracy: real-clock round trips through latency=10ms
// (20 ms per round trip), interleaved with raw ones; reports the mean added
// time and its ratio to the setting (Go timer lateness shows here).
func BenchmarkLatencyAccuracy(b *testing.B) {
	raw, via := benchPair(b, echo, "latency=10ms")
	buf := []byte{0}
	rt := func(c net.Conn) time.Duration {
		start := time.Now()
		c.Write(buf)
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var added time.Duration
	n := 0
	for b.Loop() {
		added += rt(via) - rt(raw)
		n++
	}
	mean := float64(added) / float64(n) / float64(time.Millisecond)
	b.ReportMetric(mean, "added-ms/rtt")
	b.ReportMetric(mean/20, "ratio-to-setting")
}

// BenchmarkRateAccuracy: real-clock download of 1 MB per op through
// downrate=10MB; reports the delivered rate and its ratio to the setting.
func BenchmarkRateAccuracy(b *testing.B) {
	const total = 1e6
	addr := tcpServer(b, func(c net.Conn) {
		buf := make([]byte, total)
		for {
			if _, err := io.ReadFull(c, buf[:1]); err != nil {
				return
			}
			if _, err := c.Write(buf); err != nil {
				return
			}
		}
	})
	s := NewSet(&Options{Seed: 1})
	b.Cleanup(func() { s.Close() })
	ifc := s.Interface(LWIPGP)
	ifc.Configure(Config{DownRate: 10e6})
	c, err := ifc.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, total)
	var el time.Duration
	for b.Loop() {
		c.Write([]byte{1})
		start := time.Now()
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
		el += time.Since(start)
	}
	rate := float64(b.N) * total / el.Seconds()
	b.ReportMetric(rate/1e6, "delivered-MB/s")
	b.ReportMetric(rate/10e6, "ratio-to-setting")
}
