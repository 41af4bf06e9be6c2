package netif

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Real-clock tests: real sockets on 127.0.0.1 only.

// tcpServer runs handle for each accepted connection until cleanup.
func tcpServer(t testing.TB, handle func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() { handle(c) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String()
}

func echo(c net.Conn) { io.Copy(c, c) }

// realSet returns a Set using the system dialer.
func realSet(t *testing.T, hosts map[string]string) *Set {
	s := NewSet(&Options{Seed: 99, Hosts: hosts})
	t.Cleanup(func() { s.Close() })
	return s
}

func dialReal(t *testing.T, ifc *Interface, network, addr string) net.Conn {
	t.Helper()
	c, err := ifc.DialContext(context.Background(), network, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestRealLatency: through real TCP, the added round trip is within 5% (or
// 2 ms) of 2 × latency. This is the one real-clock accuracy test; the exact
// mean is asserted in virtual time (TestLatencyDistributions). Other
// processes share this 2-vCPU machine: under load a wake-up can be delayed
// by tens of ms, which lands in single round trips. So the statistic is the
// median round trip (robust to those outliers; the mean is logged too), and
// the measurement is tried up to five times, every attempt logged.
func TestRealLatency(t *testing.T) {
	addr := tcpServer(t, echo)
	s := realSet(t, nil)
	ifc := s.Interface(LWIPGP)
	c := dialReal(t, ifc, "tcp", addr)
	for attempt := 1; ; attempt++ {
		configure(t, ifc, "")
		raw := rtts(t, c, 50)
		configure(t, ifc, "latency=50ms")
		via := rtts(t, c, 20)
		rawMean, _ := stats(raw)
		viaMean, _ := stats(via)
		added := median(via) - median(raw)
		t.Logf("attempt %d: added RTT median %.2f ms, mean %.2f ms (want 100 ± 5)", attempt, added, viaMean-rawMean)
		if within(added, 100, max(0.05*100, 2)) {
			return
		}
		if attempt == 5 {
			t.Fatalf("added RTT %.2f ms, want 100ms ± 5ms", added)
		}
	}
}

// rtts does n one-byte round trips and returns each in ms.
func rtts(t *testing.T, c net.Conn, n int) []float64 {
	t.Helper()
	out := make([]float64, n)
	buf := make([]byte, 1)
	for k := range out {
		start := time.Now()
		if _, err := c.Write([]byte{byte(k)}); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil || buf[0] != byte(k) {
			t.Fatalf("echo %d: %v %v", k, buf[0], err)
		}
		out[k] = ms(time.Since(start))
	}
	return out
}

// TestRealBandwidth: a 1.5 MB download at downrate=1MB takes 1.5 s ± 5%.
func TestRealBandwidth(t *testing.T) {
	const total = 1500000
	addr := tcpServer(t, func(c net.Conn) { c.Write(make([]byte, total)) })
	s := realSet(t, nil)
	ifc := s.Interface(ETH0)
	configure(t, ifc, "downrate=1MB")
	c := dialReal(t, ifc, "tcp", addr)
	if got := measureRate(t, c, total); !within(got, 1e6, 0.05e6) {
		t.Fatalf("rate %.0f B/s, want 1e6 ± 5%%", got)
	}
	if cs := ifc.Counters(); cs.BytesDown != total {
		t.Fatalf("BytesDown %d, want %d", cs.BytesDown, total)
	}
}

// TestRealDownUp: going down resets a live connection on both ends (the
// server sees ECONNRESET) and notifies subscribers; up notifies again and
// dials work again.
func TestRealDownUp(t *testing.T) {
	serverErr := make(chan error, 1)
	addr := tcpServer(t, func(c net.Conn) {
		_, err := io.Copy(io.Discard, c)
		serverErr <- err
	})
	s := realSet(t, nil)
	ifc := s.Interface(LWIPGP)
	events := make(chan Event, 4)
	defer ifc.Subscribe(func(e Event) { events <- e })()
	c := dialReal(t, ifc, "tcp", addr)
	c.Write([]byte("hello"))
	readErr := make(chan error)
	go func() { _, err := c.Read(make([]byte, 1)); readErr <- err }()
	ifc.SetUp(false)
	if err := <-readErr; !isErr(err, ErrDown, syscall.ECONNRESET) {
		t.Fatalf("device read: %v", err)
	}
	if err := <-serverErr; !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("server saw %v, want ECONNRESET", err)
	}
	ifc.SetUp(true)
	for _, want := range []bool{false, true} {
		if e := <-events; e.Up != want || e.Iface != LWIPGP {
			t.Fatalf("event %+v, want up=%v", e, want)
		}
	}
	c2 := dialReal(t, ifc, "tcp", addr)
	if _, err := c2.Write([]byte("again")); err != nil {
		t.Fatal(err)
	}
}

// TestRealLiveConfigure: a connection keeps working, byte-exact, through
// ideal → impaired → ideal changes, and its RTT follows the setting.
func TestRealLiveConfigure(t *testing.T) {
	addr := tcpServer(t, echo)
	s := realSet(t, nil)
	ifc := s.Interface(STA)
	c := dialReal(t, ifc, "tcp", addr)
	// Medians: robust to scheduling outliers on this shared machine.
	if d := median(rtts(t, c, 20)); d > 10 {
		t.Fatalf("ideal RTT %.2f ms", d)
	}
	configure(t, ifc, "latency=15ms,loss=0%")
	// Accuracy is TestRealLatency's job; here the change must take effect
	// (RTT ≥ 2 × 15 ms) on the open connection.
	if d := median(rtts(t, c, 10)); d < 30 || d > 60 {
		t.Fatalf("impaired RTT %.2f ms, want 30 ms plus timer lateness", d)
	}
	configure(t, ifc, "")
	if d := median(rtts(t, c, 20)); d > 10 {
		t.Fatalf("RTT back at ideal %.2f ms", d)
	}
	msg := make([]byte, 100000)
	for i := range msg {
		msg[i] = byte(i * 7)
	}
	go c.Write(msg)
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil || string(got) != string(msg) {
		t.Fatalf("echo of 100 kB differs: %v", err)
	}
}

// TestRealRetriesReset: exhausted retransmissions reset both ends.
func TestRealRetriesReset(t *testing.T) {
	serverErr := make(chan error, 1)
	addr := tcpServer(t, func(c net.Conn) {
		_, err := io.Copy(io.Discard, c)
		serverErr <- err
	})
	s := realSet(t, nil)
	ifc := s.Interface(LWIPGP)
	configure(t, ifc, "loss=100%,retries=1")
	c := dialReal(t, ifc, "tcp", addr)
	c.Write([]byte("lost"))
	if _, err := c.Read(make([]byte, 1)); !isErr(err, ErrReset, syscall.ECONNRESET) {
		t.Fatalf("device read: %v", err)
	}
	if err := <-serverErr; !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("server saw %v, want ECONNRESET", err)
	}
}

// TestRealUDPLossDiscards: UDP datagrams lost on the interface are gone
// (datagram semantics), counted; without loss they echo unchanged.
func TestRealUDPLossDiscards(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([]byte, 2048)
		for {
			n, a, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			pc.WriteTo(buf[:n], a)
		}
	})
	defer wg.Wait()
	defer pc.Close()
	s := realSet(t, map[string]string{"udp.test": pc.LocalAddr().String()})
	ifc := s.Interface(LWIPGP)
	c := dialReal(t, ifc, "udp", "udp.test:1")
	configure(t, ifc, "loss=100%")
	for range 5 {
		if _, err := c.Write([]byte("gone")); err != nil {
			t.Fatal(err)
		}
	}
	c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if _, err := c.Read(make([]byte, 16)); !isErr(err, errDeadline) {
		t.Fatalf("read: %v, want timeout", err)
	}
	if l := ifc.Counters().Losses; l != 5 {
		t.Fatalf("losses %d, want 5", l)
	}
	configure(t, ifc, "latency=5ms")
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for _, msg := range []string{"datagram one", "", "three"} {
		if n, err := c.Write([]byte(msg)); n != len(msg) || err != nil {
			t.Fatal(n, err)
		}
		buf := make([]byte, 64)
		n, err := c.Read(buf)
		if err != nil || string(buf[:n]) != msg {
			t.Fatalf("echo %q, %v; want %q", buf[:n], err, msg)
		}
	}
	// Truncation as on a UDP socket: the rest of the datagram is gone.
	c.Write([]byte("0123456789"))
	c.Write([]byte("next"))
	small := make([]byte, 4)
	if n, _ := c.Read(small); string(small[:n]) != "0123" {
		t.Fatalf("truncated read %q", small[:n])
	}
	if n, _ := c.Read(small); string(small[:n]) != "next" {
		t.Fatalf("read after truncation %q", small[:n])
	}
}
