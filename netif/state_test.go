package netif

import (
	"context"
	"errors"
	"math"
	"net"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// recorder collects events with their offsets from start.
type recorder struct {
	mu     sync.Mutex
	start  time.Time
	events []string
}

func (r *recorder) add(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	state := "down"
	if e.Up {
		state = "up"
	}
	r.events = append(r.events, string(e.Iface)+" "+state+" @"+e.At.Sub(r.start).String())
}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

// TestOutageSchedule: down=2s/10s is up for 8 s, then down for 2 s, every
// 10 s; the connection open at the outage is reset; dials during it fail.
func TestOutageSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 20)
		ifc := s.Interface(LWIPGP)
		rec := &recorder{start: time.Now()}
		defer ifc.Subscribe(rec.add)()
		configure(t, ifc, "down=2s/10s")
		dev, _ := dialPipe(t, ifc, pn)
		errc := make(chan error)
		go func() { _, err := dev.Read(make([]byte, 1)); errc <- err }()
		time.Sleep(9 * time.Second)
		if ifc.Up() {
			t.Fatal("up inside the outage")
		}
		if err := <-errc; !isErr(err, ErrDown, syscall.ECONNRESET) {
			t.Fatalf("read during outage: %v", err)
		}
		if _, err := ifc.DialContext(context.Background(), "tcp", "127.0.0.1:7"); !isErr(err, ErrDown, syscall.ENETUNREACH) {
			t.Fatalf("dial during outage: %v", err)
		}
		time.Sleep(11 * time.Second) // t = 20 s
		synctest.Wait()
		want := []string{"LWIP_GP down @8s", "LWIP_GP up @10s", "LWIP_GP down @18s", "LWIP_GP up @20s"}
		if got := rec.get(); !slices.Equal(got, want) {
			t.Fatalf("events %q, want %q", got, want)
		}
		if c := ifc.Counters(); c.Resets != 1 {
			t.Fatalf("resets %d, want 1", c.Resets)
		}
		configure(t, ifc, "") // stops the schedule
		time.Sleep(30 * time.Second)
		synctest.Wait()
		if len(rec.get()) != 4 || !ifc.Up() {
			t.Fatalf("schedule kept running after reconfigure: %q", rec.get())
		}
	})
}

// TestSetUpDownEvents: SetUp and down=now reset connections, fail dials and
// notify subscribers in order; other interfaces are untouched.
func TestSetUpDownEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 21)
		gp, eth := s.Interface(LWIPGP), s.Interface(ETH0)
		rec := &recorder{start: time.Now()}
		cancel := gp.Subscribe(rec.add)
		defer eth.Subscribe(rec.add)()
		dev, _ := dialPipe(t, gp, pn)
		other, otherPeer := dialPipe(t, eth, pn)
		gp.SetUp(false)
		gp.SetUp(false) // no change, no event
		if _, err := dev.Write([]byte("x")); !isErr(err, ErrDown, syscall.ECONNRESET) {
			t.Fatalf("write after down: %v", err)
		}
		time.Sleep(time.Second)
		configure(t, gp, "down") // still down: no event
		gp.SetUp(true)           // config keeps it down
		if gp.Up() {
			t.Fatal("up while config says down")
		}
		time.Sleep(time.Second)
		configure(t, gp, "")
		synctest.Wait()
		cancel()
		gp.SetUp(false)
		synctest.Wait()
		want := []string{"LWIP_GP down @0s", "LWIP_GP up @2s"}
		if got := rec.get(); !slices.Equal(got, want) {
			t.Fatalf("events %q, want %q", got, want)
		}
		go otherPeer.Write([]byte("ok"))
		if got := readFull(t, other, 2); string(got) != "ok" {
			t.Fatal("ETH0 connection disturbed")
		}
	})
}

// TestDropEvery: drop=every:D resets a connection D after it opened.
func TestDropEvery(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 22)
		ifc := s.Interface(STA)
		configure(t, ifc, "drop=every:30s")
		start := time.Now()
		dev, _ := dialPipe(t, ifc, pn)
		if _, err := dev.Read(make([]byte, 1)); !isErr(err, ErrDropped, syscall.ECONNRESET) {
			t.Fatalf("read: %v, want ErrDropped", err)
		}
		if el := time.Since(start); el != 30*time.Second {
			t.Fatalf("dropped after %v, want 30s", el)
		}
		if c := ifc.Counters(); c.Drops != 1 {
			t.Fatalf("drops %d", c.Drops)
		}
	})
}

// TestDropPoisson: drop=P%/min drops a fraction P of connections within a
// minute, within three binomial standard deviations.
func TestDropPoisson(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 23)
		ifc := s.Interface(STA)
		configure(t, ifc, "drop=30%/min")
		const n = 1000
		for range n {
			dialPipe(t, ifc, pn)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		got := float64(ifc.Counters().Drops) / n
		if sigma := math.Sqrt(0.3 * 0.7 / n); !within(got, 0.3, 3*sigma) {
			t.Fatalf("dropped %.3f within a minute, want 0.30 ± %.3f", got, 3*sigma)
		}
	})
}

// TestDNSAndConnFail: failure probabilities within three binomial standard
// deviations over 2000 tries, with the documented error types.
func TestDNSAndConnFail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 24)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "dnsfail=20%,connfail=10%")
		const n = 2000
		dnsFails, connFails := 0, 0
		for range n {
			c, err := ifc.DialContext(context.Background(), "tcp", "svc.test:80")
			var de *net.DNSError
			switch {
			case err == nil:
				c.Close()
				(<-pn.peers).Close()
			case errors.Is(err, ErrDNS) && errors.As(err, &de) && de.Name == "127.0.0.1":
				t.Fatalf("DNS error names the mapped address: %v", err)
			case errors.Is(err, ErrDNS) && errors.As(err, &de):
				dnsFails++
			case isErr(err, ErrConnFail, syscall.ECONNREFUSED):
				connFails++
			default:
				t.Fatalf("unexpected error %v", err)
			}
		}
		check := func(what string, got int, p float64, tries int) {
			rate, sigma := float64(got)/float64(tries), math.Sqrt(p*(1-p)/float64(tries))
			if !within(rate, p, 3*sigma) {
				t.Errorf("%s rate %.4f over %d, want %.2f ± %.4f", what, rate, tries, p, 3*sigma)
			}
		}
		check("dnsfail", dnsFails, 0.2, n)
		check("connfail", connFails, 0.1, n-dnsFails)
		if c := ifc.Counters(); c.DNSFailures != int64(dnsFails) || c.ConnFails != int64(connFails) {
			t.Fatalf("counters %+v", c)
		}
	})
}

// TestHostsMap: the map's port replaces the dialed one, a map value without
// port keeps it; names match in any case; IP literals skip the map.
func TestHostsMap(t *testing.T) {
	pn := &pipeNet{peers: make(chan net.Conn, 16)}
	s := NewSet(&Options{Dial: pn.dial, Hosts: map[string]string{"Echo.Test": "127.0.0.1:9000", "api.test": "127.0.0.2", "v6.test": "[::1]:53"}})
	defer s.Close()
	ifc := s.Interface(LWIPGP)
	for _, a := range []string{"echo.test:80", "ECHO.TEST:443", "api.test:8080", "v6.test:1", "127.0.0.3:5"} {
		c, err := ifc.DialContext(context.Background(), "tcp", a)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		(<-pn.peers).Close()
	}
	want := []string{"127.0.0.1:9000", "127.0.0.1:9000", "127.0.0.2:8080", "[::1]:53", "127.0.0.3:5"}
	if !slices.Equal(pn.addrs, want) {
		t.Fatalf("dialed %q, want %q", pn.addrs, want)
	}
	ips, err := ifc.Lookup(context.Background(), "ECHO.test")
	if err != nil || len(ips) != 1 || ips[0] != netip.MustParseAddr("127.0.0.1") {
		t.Fatalf("Lookup = %v, %v", ips, err)
	}
}

func TestDialRejectsBadInput(t *testing.T) {
	s := NewSet(nil)
	defer s.Close()
	ifc := s.Interface(LWIPGP)
	for _, tc := range [][2]string{{"sctp", "127.0.0.1:1"}, {"tcp", "no-port"}, {"unix", "/tmp/x"}} {
		if _, err := ifc.DialContext(context.Background(), tc[0], tc[1]); err == nil {
			t.Errorf("DialContext(%q, %q) succeeded", tc[0], tc[1])
		}
	}
}

// TestSetIdentity: names, adapters, addresses and DNS as documented.
func TestSetIdentity(t *testing.T) {
	s := NewSet(&Options{Seed: 5})
	defer s.Close()
	var got []string
	for _, i := range s.Interfaces() {
		got = append(got, string(i.Name()))
		if !i.Up() || i.Config() != (Config{}) {
			t.Errorf("%s not up and ideal", i.Name())
		}
	}
	if !slices.Equal(got, []string{"LWIP_GP", "STA", "AP", "ETH0"}) {
		t.Fatalf("order %q", got)
	}
	for n, a := range map[Name]int{LWIPGP: 1, STA: 2, AP: 3, ETH0: 17} {
		if s.Interface(n).Adapter() != a {
			t.Errorf("%s adapter %d", n, s.Interface(n).Adapter())
		}
	}
	gp := s.Interface("lwip_gp").Addr()
	if b := gp.As4(); b[0] != 10 || b[1] != 130 || !gp.IsPrivate() {
		t.Errorf("LWIP_GP addr %v", gp)
	}
	if s.Interface(AP).Addr() != netip.MustParseAddr("192.168.4.1") {
		t.Errorf("AP addr %v", s.Interface(AP).Addr())
	}
	s2 := NewSet(&Options{Seed: 5})
	defer s2.Close()
	if s2.Interface(LWIPGP).Addr() != gp || s2.Rand().Uint64() != s.Rand().Uint64() {
		t.Error("same seed, different address or random sequence")
	}
	if d := s.Interface(ETH0).DNS(); len(d) != 2 || d[0].String() != "223.5.5.5" {
		t.Errorf("DNS %v", d)
	}
}

// TestSetCloseIdempotentAndResets: Close resets open connections (ideal and
// staged), is idempotent, and later dials fail.
func TestSetCloseIdempotentAndResets(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 25)
		ifc := s.Interface(LWIPGP)
		a, _ := dialPipe(t, ifc, pn)
		configure(t, ifc, "latency=1s,down=1s/5s")
		b, _ := dialPipe(t, ifc, pn)
		b.Write([]byte("queued"))
		s.Close()
		s.Close()
		for _, c := range []net.Conn{a, b} {
			if _, err := c.Read(make([]byte, 1)); !isErr(err, net.ErrClosed) {
				t.Fatalf("read after Set.Close: %v", err)
			}
		}
		if _, err := ifc.DialContext(context.Background(), "tcp", "127.0.0.1:1"); err == nil {
			t.Fatal("dial after Close succeeded")
		}
	})
}

// TestLookupSystemResolver: a name outside the hosts map goes to the system
// resolver (localhost comes from /etc/hosts: no packet leaves the machine).
func TestLookupSystemResolver(t *testing.T) {
	s := NewSet(nil)
	defer s.Close()
	ips, err := s.Interface(LWIPGP).Lookup(context.Background(), "localhost")
	if err != nil || len(ips) == 0 || !ips[0].IsLoopback() {
		t.Fatalf("Lookup(localhost) = %v, %v", ips, err)
	}
	s.Interface(LWIPGP).SetUp(false)
	if _, err := s.Interface(LWIPGP).Lookup(context.Background(), "localhost"); !isErr(err, ErrDown) {
		t.Fatalf("lookup while down: %v", err)
	}
}

// TestSubscriberOrdering: under concurrent toggling, every subscriber sees
// strictly alternating states in transition order, one call at a time;
// cancel from inside fn works.
func TestSubscriberOrdering(t *testing.T) {
	s := NewSet(nil)
	defer s.Close()
	ifc := s.Interface(AP)
	type sub struct {
		mu     sync.Mutex
		states []bool
		busy   atomic.Bool
	}
	subs := make([]*sub, 3)
	for k := range subs {
		x := &sub{}
		subs[k] = x
		ifc.Subscribe(func(e Event) {
			if !x.busy.CompareAndSwap(false, true) {
				t.Error("subscriber called concurrently")
			}
			x.mu.Lock()
			x.states = append(x.states, e.Up)
			x.mu.Unlock()
			x.busy.Store(false)
		})
	}
	var selfCancel func()
	calls := 0
	selfCancel = ifc.Subscribe(func(Event) { calls++; selfCancel() })
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 250 {
				ifc.SetUp((k+g)%2 == 1)
			}
		})
	}
	wg.Wait()
	ifc.SetUp(true)
	s.Close() // delivers what is queued
	for _, x := range subs {
		if len(x.states) == 0 || len(x.states)%2 != 0 {
			t.Fatalf("%d events: want an even, non-zero number (ends up)", len(x.states))
		}
		for k, up := range x.states {
			if up != (k%2 == 1) {
				t.Fatalf("event %d up=%v: states must alternate starting with down", k, up)
			}
		}
		if len(x.states) != len(subs[0].states) {
			t.Fatal("subscribers saw different numbers of events")
		}
	}
	if calls != 1 {
		t.Fatalf("self-cancelled subscriber called %d times", calls)
	}
}
