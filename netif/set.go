package netif

import (
	"context"
	"math/rand/v2"
	"net"
	"net/netip"
	"strings"
	"sync"
)

// Set holds one device's interfaces, its random source and the goroutine that
// delivers up/down events.
type Set struct {
	ifaces []*Interface // in Names order
	hosts  map[string]string
	seed   int64
	rng    *rand.Rand
	dial   DialFunc
	events *dispatcher

	goMu   sync.Mutex // guards closed and wg.Add
	closed bool
	wg     sync.WaitGroup
	once   sync.Once
}

// NewSet returns the four interfaces, all up and ideal. A nil opts means
// seed 0, no hosts overrides and the system dialer.
func NewSet(opts *Options) *Set {
	var o Options
	if opts != nil {
		o = *opts
	}
	s := &Set{hosts: map[string]string{}, seed: o.Seed, rng: NewRand(o.Seed, 0), dial: o.Dial, events: newDispatcher()}
	for k, v := range o.Hosts {
		s.hosts[strings.ToLower(k)] = v
	}
	if s.dial == nil {
		var d net.Dialer
		s.dial = d.DialContext
	}
	for _, n := range Names {
		s.ifaces = append(s.ifaces, newInterface(s, n))
	}
	s.launch(s.events.run)
	return s
}

// Interface returns the named interface (any case), or nil.
func (s *Set) Interface(n Name) *Interface {
	for _, i := range s.ifaces {
		if strings.EqualFold(string(i.name), string(n)) {
			return i
		}
	}
	return nil
}

// Interfaces returns the interfaces in adapter order (LWIP_GP, STA, AP, ETH0).
func (s *Set) Interfaces() []*Interface { return append([]*Interface(nil), s.ifaces...) }

// Rand returns the device's random source for choices outside netif (same
// seed, same sequence for the same sequence of calls). It is safe for
// concurrent use.
func (s *Set) Rand() *rand.Rand { return s.rng }

// Seed returns the seed the Set was made with.
func (s *Set) Seed() int64 { return s.seed }

// launch runs f on a goroutine the Set waits for in Close; it reports false
// (and runs nothing) once Close has begun.
func (s *Set) launch(f func()) bool {
	s.goMu.Lock()
	defer s.goMu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
	return true
}

func (s *Set) isClosed() bool {
	s.goMu.Lock()
	defer s.goMu.Unlock()
	return s.closed
}

// Close stops the outage timers, resets every open connection (their Reads
// and Writes fail with net.ErrClosed) and waits for the Set's goroutines,
// delivering events already queued. It is idempotent. Do not call it from a
// subscriber.
func (s *Set) Close() error {
	s.once.Do(func() {
		s.goMu.Lock()
		s.closed = true
		s.goMu.Unlock()
		for _, i := range s.ifaces {
			i.shutdown()
		}
		close(s.events.stop)
		s.wg.Wait()
	})
	return nil
}

// Dial is Set.Interface(LWIPGP).DialContext: the default adapter.
func (s *Set) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	return s.ifaces[0].DialContext(ctx, network, addr)
}

// addrFor returns the reported address of interface n (never bound or
// contacted): LWIP_GP gets a carrier-style 10.130.x.y address derived from
// the seed (real modules report carrier 10.x addresses, e.g. 10.162.229.248
// in at-commands.md "AT+CGPADDR"); the LAN addresses are inferred defaults.
func addrFor(n Name, seed int64) netip.Addr {
	r := ownedRand(seed, nameStream(n, 0, 3))
	switch n {
	case LWIPGP:
		return netip.AddrFrom4([4]byte{10, 130, byte(r.IntN(256)), byte(2 + r.IntN(252))})
	case ETH0:
		return netip.AddrFrom4([4]byte{192, 168, 1, byte(100 + r.IntN(100))})
	case STA:
		return netip.AddrFrom4([4]byte{192, 168, 4, byte(2 + r.IntN(250))})
	}
	return netip.AddrFrom4([4]byte{192, 168, 4, 1}) // AP: the gateway
}

// dnsServers are the resolvers LuatOS sets on the cellular link (AliDNS,
// 114DNS: netdrv_4g.lua, luatos-semantics.md §2.1), reported only; lookups
// use Options.Hosts and the system resolver.
var dnsServers = []netip.Addr{netip.MustParseAddr("223.5.5.5"), netip.MustParseAddr("114.114.114.114")}
