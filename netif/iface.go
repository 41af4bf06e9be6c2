package netif

import (
	"math/rand/v2"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"
)

// Interface is one simulated network interface: state, addresses, the
// settings in force and the connections dialed through it.
type Interface struct {
	set     *Set
	name    Name
	adapter int
	addr    netip.Addr
	rng     *rand.Rand // interface-level choices; locked
	plan    atomic.Pointer[plan]
	up      atomic.Bool // effective state, for lock-free reads
	ctr     counters
	buckets [2]bucket
	dials   atomic.Uint64 // dial index, for per-connection random streams

	cfgMu  sync.Mutex    // serialises Configure and shutdown
	outage chan struct{} // closes to stop the outage loop; nil if none
	ended  chan struct{} // closed when the outage loop has stopped

	mu       sync.Mutex // guards the state below
	adminUp  bool       // SetUp
	cfgDown  bool       // down=now
	inOutage bool       // inside a down=D/T outage
	closed   bool       // Set closed
	conns    map[*conn]struct{}
}

func newInterface(s *Set, n Name) *Interface {
	i := &Interface{set: s, name: n, adapter: adapterNumbers[n], addr: addrFor(n, s.seed),
		rng: NewRand(s.seed, nameStream(n, 0, 2)), adminUp: true, conns: map[*conn]struct{}{}}
	i.plan.Store(idealPlan)
	i.up.Store(true)
	return i
}

// adapterNumbers are LuatOS's adapter ids (luatos-semantics.md §3.5):
// LWIP_GP=1, LWIP_STA=2, LWIP_AP=3, ETH0=17 (ETH0's value moved with
// firmware age; 17 is HEAD).
var adapterNumbers = map[Name]int{LWIPGP: 1, STA: 2, AP: 3, ETH0: 17}

// Name returns the interface's name.
func (i *Interface) Name() Name { return i.name }

// Adapter returns the LuatOS adapter number (LWIP_GP=1, STA=2, AP=3, ETH0=17).
func (i *Interface) Adapter() int { return i.adapter }

// Addr returns the interface's reported address. It is never bound: real
// traffic leaves from the host's own address.
func (i *Interface) Addr() netip.Addr { return i.addr }

// DNS returns the reported DNS servers (LuatOS defaults; never contacted).
func (i *Interface) DNS() []netip.Addr { return append([]netip.Addr(nil), dnsServers...) }

// Up reports whether the interface is up: administratively up, not down by
// config and not inside an outage.
func (i *Interface) Up() bool { return i.up.Load() }

// Config returns the settings in force, as given to Configure (unresolved:
// see Resolve for the effective values).
func (i *Interface) Config() Config { return i.plan.Load().cfg }

// Effective returns the settings in force with the profile applied.
func (i *Interface) Effective() Config { return i.plan.Load().eff }

// SetUp brings the interface up or down administratively. Going down resets
// every open connection (Read and Write fail with ErrDown and ECONNRESET; the
// peer sees a TCP reset) and notifies subscribers; coming up notifies again.
// The interface is up only if also not down by config or outage.
func (i *Interface) SetUp(up bool) {
	i.transition(func() { i.adminUp = up })
}

// Configure applies c at run time, atomically: segments scheduled after it
// returns use the new stage parameters, on new and existing connections;
// segments already scheduled keep their times, so order is kept. The first
// impaired config moves an existing connection from the direct path to the
// stage pipeline at its next Read or Write (a Read already blocked on the
// socket returns its bytes unimpaired), and it stays there: a pipeline with
// ideal settings passes segments through at once. If the drop rule changed,
// the drop timers of open connections restart under the new rule; if the
// down setting changed, an outage schedule restarts with a fresh period (up
// for T-D, then down for D). Unchanged rules keep running. Connections are
// not broken by a change unless the new settings say so (down, drop). On
// error (naming the bad field) nothing changes.
func (i *Interface) Configure(c Config) error {
	p, err := compile(c)
	if err != nil {
		return err
	}
	i.cfgMu.Lock()
	defer i.cfgMu.Unlock()
	old := i.plan.Swap(p)
	if p.down != old.down {
		i.stopOutage()
		i.transition(func() { i.cfgDown, i.inOutage = p.down.Now, false })
		if p.down.Every > 0 {
			i.startOutage(p.down)
		}
	}
	if p.drop != old.drop {
		for _, c := range i.connList() {
			c.scheduleDrop(p)
		}
	}
	return nil
}

// upLocked is the effective state; i.mu must be held.
func (i *Interface) upLocked() bool { return i.adminUp && !i.cfgDown && !i.inOutage && !i.closed }

// transition applies change under the lock and, if the effective state
// flipped, publishes the event and (going down) resets every connection
// after releasing the lock.
func (i *Interface) transition(change func()) {
	i.mu.Lock()
	was := i.upLocked()
	change()
	now := i.upLocked()
	var victims []*conn
	if was != now {
		i.up.Store(now)
		if !i.closed {
			i.set.events.publish(Event{Iface: i.name, Up: now, At: time.Now()})
		}
		if !now {
			victims = i.connListLocked()
		}
	}
	i.mu.Unlock()
	for _, c := range victims {
		c.fail(ErrDown)
	}
}

// OpenConns returns the number of open connections dialed through i.
func (i *Interface) OpenConns() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return len(i.conns)
}

func (i *Interface) connList() []*conn {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.connListLocked()
}

func (i *Interface) connListLocked() []*conn {
	out := make([]*conn, 0, len(i.conns))
	for c := range i.conns {
		out = append(out, c)
	}
	return out
}

// register adds c unless the interface is down or closed.
func (i *Interface) register(c *conn) bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	if !i.upLocked() {
		return false
	}
	i.conns[c] = struct{}{}
	return true
}

func (i *Interface) unregister(c *conn) {
	i.mu.Lock()
	delete(i.conns, c)
	i.mu.Unlock()
}

// shutdown stops the outage loop and closes every connection (Set.Close).
func (i *Interface) shutdown() {
	i.cfgMu.Lock()
	i.stopOutage()
	i.cfgMu.Unlock()
	i.mu.Lock()
	i.closed = true
	i.up.Store(false)
	victims := i.connListLocked()
	i.mu.Unlock()
	for _, c := range victims {
		c.abort()
	}
}
