package netif

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// pingDelays sends n one-byte segments from a to b, one at a time, and
// returns each one's delay in ms (virtual time under synctest).
func pingDelays(t *testing.T, a, b net.Conn, n int) []float64 {
	t.Helper()
	out := make([]float64, 0, n)
	buf := make([]byte, 1)
	for k := range n {
		t0 := time.Now()
		werr := make(chan error, 1)
		go func() { _, err := a.Write([]byte{byte(k)}); werr <- err }()
		if _, err := b.Read(buf); err != nil || buf[0] != byte(k) {
			t.Fatalf("segment %d: got %v, %v", k, buf[0], err)
		}
		out = append(out, ms(time.Since(t0)))
		if err := <-werr; err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestLatencyDistributions: mean added latency within 5% (or 2 ms) of the
// setting for every distribution, jitter's spread as defined, both ways.
func TestLatencyDistributions(t *testing.T) {
	for _, tc := range []struct {
		dist   string
		wantSD float64 // ms
	}{{"normal", 10}, {"uniform", 10 / math.Sqrt(3)}, {"pareto", 10}} {
		for _, dir := range []string{"up", "down"} {
			t.Run(tc.dist+"/"+dir, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					s, pn := pipeSet(t, 1)
					ifc := s.Interface(LWIPGP)
					configure(t, ifc, "latency=50ms,jitter=10ms,dist="+tc.dist)
					dev, peer := dialPipe(t, ifc, pn)
					a, b := dev, peer
					if dir == "down" {
						a, b = peer, dev
					}
					d := pingDelays(t, a, b, 2000)
					mean, sd := stats(d)
					if !within(mean, 50, max(0.05*50, 2)) {
						t.Errorf("mean %.2f ms, want 50 ± 2.5", mean)
					}
					// Pareto α=3 has no fourth moment, so its sample sd
					// converges slowly (and low): allow 25% there.
					tol := 0.1
					if tc.dist == "pareto" {
						tol = 0.25
					}
					if !within(sd, tc.wantSD, tol*tc.wantSD) {
						t.Errorf("sd %.2f ms, want %.2f ± %.0f%%", sd, tc.wantSD, 100*tol)
					}
					checkShape(t, tc.dist, d)
				})
			})
		}
	}
}

// checkShape checks each distribution's support and skew.
func checkShape(t *testing.T, dist string, d []float64) {
	t.Helper()
	lo, hi := d[0], d[0]
	for _, x := range d {
		lo, hi = min(lo, x), max(hi, x)
	}
	switch dist {
	case "uniform":
		if lo < 40 || hi > 60 || lo > 41 || hi < 59 {
			t.Errorf("uniform range [%.2f, %.2f], want within and near [40, 60]", lo, hi)
		}
	case "pareto": // minimum 50 - 10·(1/√3·... ) = 50 - 5.77 ms; right tail
		if lo < 50-5.78 || hi < 80 {
			t.Errorf("pareto range [%.2f, %.2f], want min ≥ 44.2 and a tail past 80", lo, hi)
		}
	case "normal":
		if lo > 25 || hi < 75 {
			t.Errorf("normal range [%.2f, %.2f] too narrow for 2000 draws of sd 10", lo, hi)
		}
	}
}

// TestOrderPreservedUnderJitter: back-to-back segments with jitter larger
// than their spacing still arrive in order, none before its own delay.
func TestOrderPreservedUnderJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 2)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "latency=50ms,jitter=40ms,dist=uniform")
		dev, peer := dialPipe(t, ifc, pn)
		const n = 500
		go func() {
			for k := range n {
				dev.Write([]byte{byte(k), byte(k >> 8)})
				time.Sleep(time.Millisecond)
			}
		}()
		start := time.Now()
		for k := range n {
			b := readFull(t, peer, 2)
			if got := int(b[0]) | int(b[1])<<8; got != k {
				t.Fatalf("segment %d arrived as number %d", k, got)
			}
			if el := time.Since(start); el < time.Duration(k)*time.Millisecond+10*time.Millisecond {
				t.Fatalf("segment %d arrived at %v, before its earliest release", k, el)
			}
		}
	})
}

// TestBernoulliLossRate: the loss rate over ≥ 2000 transmissions is within
// three binomial standard deviations; every byte still arrives, in order.
func TestBernoulliLossRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 3)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "loss=5%,retries=50")
		dev, peer := dialPipe(t, ifc, pn)
		const n = 4000
		go func() {
			for k := range n {
				dev.Write([]byte{byte(k)})
			}
		}()
		for k := range n {
			if b := readFull(t, peer, 1); b[0] != byte(k) {
				t.Fatalf("byte %d = %d", k, b[0])
			}
		}
		c := ifc.Counters()
		tries := float64(n + c.Losses)
		rate, p := float64(c.Losses)/tries, 0.05
		sigma := math.Sqrt(p * (1 - p) / tries)
		if !within(rate, p, 3*sigma) {
			t.Fatalf("loss rate %.4f over %.0f transmissions, want %.2f ± %.4f", rate, tries, p, 3*sigma)
		}
		if c.Retransmits != c.Losses || c.Resets != 0 {
			t.Fatalf("counters %+v: want retransmits = losses, no resets", c)
		}
	})
}

// TestRetransmitDelay: a lost segment arrives after the RTO, doubling per
// consecutive loss (initial RTO = max(200 ms, 2·latency + 4·jitter)).
func TestRetransmitDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 4)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "latency=150ms,loss=30%,retries=20")
		dev, peer := dialPipe(t, ifc, pn)
		seen := map[time.Duration]bool{}
		for range 300 {
			before := ifc.Counters().Losses
			d := time.Duration(pingDelays(t, dev, peer, 1)[0] * float64(time.Millisecond))
			k := ifc.Counters().Losses - before
			want := 150 * time.Millisecond
			for i := range k {
				want += 300 * time.Millisecond << i // RTO 300 ms = 2·150 ms
			}
			if d.Round(time.Microsecond) != want {
				t.Fatalf("after %d losses delay %v, want %v", k, d, want)
			}
			seen[want] = true
		}
		if len(seen) < 3 {
			t.Fatalf("only %d distinct loss counts seen", len(seen))
		}
	})
}

// TestRetriesReset: the retries-th consecutive loss resets the connection on
// both ends, after the sum of the backed-off RTOs.
func TestRetriesReset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 5)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "loss=100%,retries=3")
		dev, peer := dialPipe(t, ifc, pn)
		start := time.Now()
		if _, err := dev.Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
		if _, err := peer.Read(make([]byte, 1)); err == nil {
			t.Fatal("peer read succeeded on a reset connection")
		}
		if el := time.Since(start); el != 1400*time.Millisecond { // 200+400+800 ms
			t.Fatalf("reset after %v, want 1.4s", el)
		}
		if _, err := dev.Read(make([]byte, 1)); !isErr(err, ErrReset, syscall.ECONNRESET) {
			t.Fatalf("device read: %v, want ErrReset/ECONNRESET", err)
		}
		if _, err := dev.Write([]byte("y")); !isErr(err, ErrReset) {
			t.Fatalf("device write: %v, want ErrReset", err)
		}
		c := ifc.Counters()
		if c.Losses != 3 || c.Retransmits != 2 || c.Resets != 1 {
			t.Fatalf("counters %+v", c)
		}
	})
}

// TestGilbertElliottBursts: mean loss-burst length matches 1/r and the
// loss rate matches the steady state, for netem's gemodel semantics.
func TestGilbertElliottBursts(t *testing.T) {
	for _, ls := range []lossSpec{
		{Kind: lossGE, P: 0.01, R: 0.25, H: 0, K: 1},
		{Kind: lossGE, P: 0.05, R: 0.5, H: 0, K: 1},
	} {
		t.Run(fmt.Sprintf("p=%v,r=%v", ls.P, ls.R), func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var m lossModel
			const n = 400000
			losses, bursts, run := 0, 0, 0
			for range n {
				if m.lost(r, ls) {
					losses++
					run++
					continue
				}
				if run > 0 {
					bursts++
					run = 0
				}
			}
			meanBurst := float64(losses) / float64(bursts)
			if !within(meanBurst, 1/ls.R, 0.05/ls.R) {
				t.Errorf("mean burst %.3f, want %.3f ± 5%%", meanBurst, 1/ls.R)
			}
			want := ls.P / (ls.P + ls.R)
			if got := float64(losses) / n; !within(got, want, 0.1*want) {
				t.Errorf("loss rate %.4f, want %.4f ± 10%%", got, want)
			}
		})
	}
}

// TestGilbertElliottOnConn: GE loss through a connection hits the expected
// rate; the counters see it.
func TestGilbertElliottOnConn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 6)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "loss=ge:2%,50%,0%,100%,retries=100")
		dev, peer := dialPipe(t, ifc, pn)
		const n = 5000
		go func() {
			for k := range n {
				dev.Write([]byte{byte(k)})
			}
		}()
		readFull(t, peer, n)
		c := ifc.Counters()
		got, want := float64(c.Losses)/float64(n+c.Losses), 0.02/0.52
		if !within(got, want, 0.15*want) {
			t.Fatalf("loss rate %.4f, want %.4f ± 15%%", got, want)
		}
	})
}

// TestBandwidth: delivered rate within 5% of the setting from 10 KB/s to
// 10 MB/s, measured first byte to last byte at the receiver.
func TestBandwidth(t *testing.T) {
	for _, tc := range []struct {
		key   string
		rate  float64
		total int
	}{{"uprate=10kB", 1e4, 100e3}, {"uprate=1MB", 1e6, 2e6}, {"uprate=10MB", 1e7, 10e6}, {"downrate=1MB", 1e6, 2e6}} {
		t.Run(tc.key, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s, pn := pipeSet(t, 7)
				ifc := s.Interface(LWIPGP)
				configure(t, ifc, tc.key)
				dev, peer := dialPipe(t, ifc, pn)
				src, dst := dev, peer
				if tc.key[0] == 'd' {
					src, dst = peer, dev
				}
				go src.Write(make([]byte, tc.total))
				got := measureRate(t, dst, tc.total)
				if !within(got, tc.rate, 0.05*tc.rate) {
					t.Fatalf("rate %.0f B/s, want %.0f ± 5%%", got, tc.rate)
				}
			})
		})
	}
}

// measureRate reads total bytes and returns bytes/s after the first read.
func measureRate(t *testing.T, c net.Conn, total int) float64 {
	t.Helper()
	buf := make([]byte, 64<<10)
	n, err := c.Read(buf)
	if err != nil {
		t.Fatal(err)
	}
	first, got := time.Now(), 0
	for got < total-n {
		k, err := c.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got += k
	}
	return float64(got) / time.Since(first).Seconds()
}

// TestBandwidthShared: two connections on one interface share its rate.
func TestBandwidthShared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 8)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "uprate=100kB")
		d1, p1 := dialPipe(t, ifc, pn)
		d2, p2 := dialPipe(t, ifc, pn)
		const each = 200e3
		start := time.Now()
		var wg sync.WaitGroup
		for _, pair := range [][2]net.Conn{{d1, p1}, {d2, p2}} {
			wg.Go(func() { pair[0].Write(make([]byte, each)) })
			wg.Go(func() { readFull(t, pair[1], each) })
		}
		wg.Wait()
		if el := time.Since(start).Seconds(); !within(el, 4, 0.2) {
			t.Fatalf("400 kB over a shared 100 kB/s link took %.2fs, want 4 ± 0.2", el)
		}
	})
}

// TestDeterministicSeed: the same seed makes the same choices (delays and
// losses); another seed does not.
func TestDeterministicSeed(t *testing.T) {
	run := func(seed int64) ([]float64, Counters) {
		var d []float64
		var c Counters
		synctest.Test(t, func(t *testing.T) {
			s, pn := pipeSet(t, seed)
			ifc := s.Interface(LWIPGP)
			configure(t, ifc, "latency=20ms,jitter=5ms,loss=ge:5%,40%,20%,100%,retries=30")
			dev, peer := dialPipe(t, ifc, pn)
			d = pingDelays(t, dev, peer, 300)
			c = ifc.Counters()
		})
		return d, c
	}
	a, ca := run(42)
	b, cb := run(42)
	x, _ := run(43)
	if fmt.Sprint(a) != fmt.Sprint(b) || ca != cb {
		t.Fatal("same seed, different choices")
	}
	if ca.Losses == 0 {
		t.Fatal("no losses drawn: test would not see the loss pattern")
	}
	if fmt.Sprint(a) == fmt.Sprint(x) {
		t.Fatal("different seeds, same choices")
	}
}

// TestLiveConfigure: a change applies to the next segments of an open
// connection without breaking it, in both directions, and back to ideal.
func TestLiveConfigure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 9)
		ifc := s.Interface(LWIPGP)
		dev, peer := dialPipe(t, ifc, pn)
		check := func(want time.Duration) {
			t.Helper()
			if d := pingDelays(t, dev, peer, 1)[0]; d != ms(want) {
				t.Fatalf("up delay %v ms, want %v", d, want)
			}
			if d := pingDelays(t, peer, dev, 1)[0]; d != ms(want) {
				t.Fatalf("down delay %v ms, want %v", d, want)
			}
		}
		check(0)
		configure(t, ifc, "latency=100ms")
		check(100 * time.Millisecond)
		configure(t, ifc, "latency=30ms")
		check(30 * time.Millisecond)
		configure(t, ifc, "")
		check(0)
	})
}

// TestGracefulCloseFlushes: bytes queued before Close still arrive, then EOF.
func TestGracefulCloseFlushes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 10)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "latency=100ms,rate=100kB")
		dev, peer := dialPipe(t, ifc, pn)
		msg := bytes.Repeat([]byte("0123456789"), 3000)
		if n, err := dev.Write(msg); n != len(msg) || err != nil {
			t.Fatal(n, err)
		}
		dev.Close()
		dev.Close() // idempotent
		if got := readFull(t, peer, len(msg)); !bytes.Equal(got, msg) {
			t.Fatal("flushed bytes differ")
		}
		if _, err := peer.Read(make([]byte, 1)); err == nil {
			t.Fatal("no EOF after flush")
		}
		if _, err := dev.Write([]byte("x")); !isErr(err, net.ErrClosed) {
			t.Fatalf("write after close: %v", err)
		}
	})
}

// TestStagedDeadlines: deadlines apply on the staged path; a timed-out Read
// loses nothing.
func TestStagedDeadlines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 11)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "latency=100ms")
		dev, peer := dialPipe(t, ifc, pn)
		go peer.Write([]byte("hi"))
		dev.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		if _, err := dev.Read(make([]byte, 2)); !isErr(err, errDeadline) {
			t.Fatalf("read: %v, want deadline exceeded", err)
		}
		dev.SetReadDeadline(time.Time{})
		if got := readFull(t, dev, 2); string(got) != "hi" {
			t.Fatalf("got %q", got)
		}
	})
}

// TestCloseUnblocksRead on both paths.
func TestCloseUnblocksRead(t *testing.T) {
	for _, body := range []string{"", "latency=10ms"} {
		synctest.Test(t, func(t *testing.T) {
			s, pn := pipeSet(t, 12)
			ifc := s.Interface(LWIPGP)
			configure(t, ifc, body)
			dev, _ := dialPipe(t, ifc, pn)
			errc := make(chan error)
			go func() { _, err := dev.Read(make([]byte, 1)); errc <- err }()
			synctest.Wait()
			dev.Close()
			if err := <-errc; !isErr(err, net.ErrClosed) {
				t.Fatalf("%q: read after close: %v", body, err)
			}
		})
	}
}

// TestIdealPathHasNoPipeline: while the interface is ideal a connection
// starts no goroutine and no queue; the first impaired plan switches only
// the direction that is used.
func TestIdealPathHasNoPipeline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 13)
		ifc := s.Interface(LWIPGP)
		dev, peer := dialPipe(t, ifc, pn)
		pingDelays(t, dev, peer, 3)
		pingDelays(t, peer, dev, 3)
		c := dev.(*conn)
		if c.up != nil || c.down != nil {
			t.Fatal("ideal traffic built a pipeline")
		}
		configure(t, ifc, "mtu=576,dnsfail=50%,down=1h/2h") // no data-path stage
		pingDelays(t, dev, peer, 1)
		if c.up != nil {
			t.Fatal("a config without data-path stages built a pipeline")
		}
		configure(t, ifc, "latency=1ms")
		pingDelays(t, dev, peer, 1)
		c.readMu.Lock()
		down := c.down
		c.readMu.Unlock()
		if c.up == nil || down != nil {
			t.Fatalf("after an impaired write: up %v, down %v; want only up staged", c.up != nil, down != nil)
		}
	})
}
