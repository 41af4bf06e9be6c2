package emulator

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// syncHost drives the PTY slave from the benchmark's own goroutine, with
// no reader goroutine in between, so the numbers are the emulator's.
type syncHost struct {
	b testing.TB
	f *os.File
	r *bufio.Reader

	pending, sent, recv int // BenchmarkWSATThroughput's accounts
}

func newSyncHost(b testing.TB, f *os.File) *syncHost {
	return &syncHost{b: b, f: f, r: bufio.NewReaderSize(f, 256<<10)}
}

// until reads up to and including sub.
func (h *syncHost) until(sub string) {
	var acc []byte
	for !bytes.HasSuffix(acc, []byte(sub)) {
		c, err := h.r.ReadByte()
		if err != nil {
			h.b.Fatal(err)
		}
		acc = append(acc, c)
	}
}

// line reads one non-empty line.
func (h *syncHost) line() string {
	for {
		s, err := h.r.ReadString('\n')
		if err != nil {
			h.b.Fatal(err)
		}
		if s = strings.TrimRight(s, "\r\n"); s != "" {
			return s
		}
	}
}

// roundTrip sends msg with AT+WSSEND and returns once the command's OK,
// +WSSENT and the echoed +WSRECV (payload checked) have all arrived.
func (h *syncHost) roundTrip(msg []byte, op int) {
	fmt.Fprintf(h.f, "AT+WSSEND=0,%d,1,%d\r", len(msg), op)
	h.until("> ")
	h.f.Write(msg)
	ok, sent, recv := false, false, false
	for !ok || !sent || !recv {
		switch l := h.line(); {
		case l == "OK":
			ok = true
		case l == "+WSSENT: 0":
			sent = true
		case strings.HasPrefix(l, "+WSRECV: 0,"):
			buf := make([]byte, len(msg)+2)
			if _, err := io.ReadFull(h.r, buf); err != nil || !bytes.Equal(buf[:len(msg)], msg) {
				h.b.Fatalf("echo %q: %v", l, err)
			}
			recv = true
		default:
			h.b.Fatalf("unexpected %q", l)
		}
	}
}

// startBenchPTY is a device on a PTY with client 0 connected to the echo
// server's /ws/echo2, echo off, driven synchronously.
func startBenchPTY(b *testing.B) (*ptyDevice, *syncHost) {
	p, slave := startPTYRaw(b, testConfig())
	h := newSyncHost(b, slave)
	h.until("+NITZ: 2024/08/23,06:52:50+32,0\r\n")
	for _, cmd := range []string{"ATE0", `AT+WSCREATE=0,"ws://` + echoHost + `/ws/echo2"`, "AT+WSCONNECT=0"} {
		fmt.Fprintf(h.f, "%s\r", cmd)
		h.until("OK\r\n")
	}
	h.until("+WSCONACK: 0\r\n")
	return p, h
}

// BenchmarkWSATEchoRTT: a 32-byte text message from the host's
// AT+WSSEND over a real PTY to the built-in echo server and back as
// +WSRECV (plus OK and +WSSENT), against a bare coder/websocket client's
// round trip to the same server, interleaved in one loop (baselines.md §0:
// latency here is bimodal, so only same-run ratios mean anything). Target
// ratio ≤ 2 (issue 4).
func BenchmarkWSATEchoRTT(b *testing.B) {
	p, h := startBenchPTY(b)
	ctx := context.Background()
	bare, _, err := websocket.Dial(ctx, "ws://"+p.echo.Addr()+"/ws/echo2", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bare.CloseNow()
	msg := []byte("0123456789abcdef0123456789abcdef")
	var tBare, tAT []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		if err := bare.Write(ctx, websocket.MessageText, msg); err != nil {
			b.Fatal(err)
		}
		if _, _, err := bare.Read(ctx); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		h.roundTrip(msg, 0)
		tBare, tAT = append(tBare, t1.Sub(t0)), append(tAT, time.Since(t1))
	}
	b.StopTimer()
	mb, ma := medianDur(tBare), medianDur(tAT)
	b.ReportMetric(float64(mb.Nanoseconds())/1e3, "bare-med-µs")
	b.ReportMetric(float64(ma.Nanoseconds())/1e3, "at-med-µs")
	b.ReportMetric(float64(ma)/float64(mb), "ratio-med")
	b.ReportMetric(float64(sumDur(tAT))/float64(sumDur(tBare)), "ratio-mean")
}

// BenchmarkWSATThroughput: sustained echo of 1 KiB binary messages over the
// PTY (each AT+WSSEND waits for its prompt and OK; the echoes flow back as
// +WSRECV while the next one is sent; at most 8 unconfirmed), against the raw throughput of a PTY
// pair (master→slave, 32 KiB writes) measured in the same run.
func BenchmarkWSATThroughput(b *testing.B) {
	_, h := startBenchPTY(b)
	msg := bytes.Repeat([]byte{0xa5}, 1024)
	b.SetBytes(int64(len(msg)))
	start := time.Now()
	for b.Loop() {
		h.roundTripPipelined(msg)
	}
	h.drain(msg)
	el := time.Since(start)
	b.StopTimer()
	at := float64(b.N*len(msg)) / el.Seconds() / 1e6
	raw := rawPTYThroughput(b, 64<<20)
	b.ReportMetric(at, "at-MB/s")
	b.ReportMetric(raw, "raw-pty-MB/s")
	b.ReportMetric(at/raw, "ratio")
}

// roundTripPipelined sends msg and reads until OK, counting the echoes and
// +WSSENT that arrive meanwhile; drain collects the rest. Like a careful
// host it keeps at most 8 messages without +WSSENT, below the client's
// send queue (16), so it never provokes +CME ERROR: 914.
func (h *syncHost) roundTripPipelined(msg []byte) {
	for h.pending-h.sent >= 8 {
		h.take(msg)
	}
	h.pending++
	fmt.Fprintf(h.f, "AT+WSSEND=0,%d,1,1\r", len(msg))
	h.prompt(msg)
	h.f.Write(msg)
	for h.take(msg) != "OK" {
	}
}

// take reads one line (and a +WSRECV payload) and accounts it.
func (h *syncHost) take(msg []byte) string {
	l := h.line()
	switch {
	case l == "+WSSENT: 0":
		h.sent++
	case strings.HasPrefix(l, "+WSRECV: 0,"):
		if _, err := io.ReadFull(h.r, make([]byte, len(msg)+2)); err != nil {
			h.b.Fatal(err)
		}
		h.recv++
	case l != "OK":
		h.b.Fatalf("unexpected %q", l)
	}
	return l
}

// prompt accounts URCs until the "> " prompt.
func (h *syncHost) prompt(msg []byte) {
	for {
		for {
			p, err := h.r.Peek(2)
			if err != nil {
				h.b.Fatal(err)
			}
			if string(p) != "\r\n" {
				break
			}
			h.r.Discard(2)
		}
		if p, _ := h.r.Peek(2); string(p) == "> " {
			h.r.Discard(2)
			return
		}
		h.take(msg)
	}
}

func (h *syncHost) drain(msg []byte) {
	for h.recv < h.pending || h.sent < h.pending {
		h.take(msg)
	}
}

// rawPTYThroughput writes n bytes master→slave through a fresh PTY pair in
// 32 KiB writes and returns MB/s (baselines.md §5 method).
func rawPTYThroughput(b *testing.B, n int) float64 {
	master, slave := openPTY(b)
	defer master.Close()
	defer slave.Close()
	done := make(chan error, 1)
	go func() {
		buf := make([]byte, 32<<10)
		got := 0
		for got < n {
			k, err := slave.Read(buf)
			if err != nil {
				done <- err
				return
			}
			got += k
		}
		done <- nil
	}()
	chunk := make([]byte, 32<<10)
	t0 := time.Now()
	for sent := 0; sent < n; sent += len(chunk) {
		if _, err := master.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	return float64(n) / time.Since(t0).Seconds() / 1e6
}

func medianDur(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func sumDur(d []time.Duration) time.Duration {
	var t time.Duration
	for _, x := range d {
		t += x
	}
	return t
}
