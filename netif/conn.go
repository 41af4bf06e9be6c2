package netif

import (
	"net"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// conn is a connection dialed through an Interface. While the interface is
// ideal it is a thin wrapper: Read and Write go straight to the socket with
// two atomic adds for the counters. The first Read (Write) that finds an
// impaired plan moves the down (up) direction onto a stage pipeline (see
// stream), where it stays. Each direction is switched by its own method
// under its own mutex, so the socket never has two readers.
type conn struct {
	ifc     *Interface
	raw     net.Conn
	network string
	udp     bool
	idx     uint64 // dial index: selects the random streams

	readMu  sync.Mutex // serialises Read; guards down, head, pending
	down    *stream
	head    *segment // next segment, waiting for its release time
	pending []byte   // rest of a delivered TCP segment

	writeMu sync.Mutex   // serialises Write
	enq     sync.RWMutex // Write holds R while enqueueing; Close holds W to close up.q
	up      *stream
	upShut  bool // Close has run: no more segments into up.q

	dlMu       sync.Mutex // guards the deadline hand-over to the pipeline
	rdl, wdl   *deadline  // armed only once the direction is staged
	rdlAt      time.Time  // deadlines as set, for the hand-over
	wdlAt      time.Time
	downStaged bool
	upStaged   bool

	closing     chan struct{} // closed by Close or a failure: unblocks Read/Write
	closingOnce sync.Once
	cause       atomic.Pointer[error] // why the connection failed; nil if closed
	kill        chan struct{}         // closed at teardown: stops the goroutines
	killOnce    sync.Once

	dropMu    sync.Mutex
	dropTimer *time.Timer
}

var _ net.Conn = (*conn)(nil)

// adopt wraps a freshly dialed socket and registers it.
func (i *Interface) adopt(raw net.Conn, network string, idx uint64) (net.Conn, error) {
	c := &conn{ifc: i, raw: raw, network: network, udp: network[0] == 'u', idx: idx,
		rdl: newDeadline(), wdl: newDeadline(), closing: make(chan struct{}), kill: make(chan struct{})}
	if !i.register(c) {
		raw.Close()
		return nil, i.dialErr(network, raw.RemoteAddr().String(), ErrDown, syscall.ENETUNREACH)
	}
	c.scheduleDrop(i.plan.Load())
	return c, nil
}

// Read reads what the interface has delivered.
func (c *conn) Read(p []byte) (int, error) {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	if c.down == nil {
		pl := c.ifc.plan.Load()
		if !pl.staged {
			n, err := c.raw.Read(p)
			c.count(&c.ifc.ctr.bytesDown, n, pl.mss)
			return n, c.mapErr("read", err)
		}
		if err := c.startDown(); err != nil {
			return 0, err
		}
	}
	return c.readStaged(p)
}

// Write sends p through the interface. On the staged path it returns once
// every segment is queued (like a socket buffer); a later failure shows on
// the next Read or Write.
func (c *conn) Write(p []byte) (int, error) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if err := c.failure("write"); err != nil {
		return 0, err
	}
	if c.up == nil {
		pl := c.ifc.plan.Load()
		if !pl.staged {
			n, err := c.raw.Write(p)
			c.count(&c.ifc.ctr.bytesUp, n, pl.mss)
			return n, c.mapErr("write", err)
		}
		if err := c.startUp(); err != nil {
			return 0, err
		}
	}
	return c.writeStaged(p)
}

// count adds n bytes and their segments to the counters.
func (c *conn) count(bytes *atomic.Int64, n, mss int) {
	if n > 0 {
		bytes.Add(int64(n))
		c.ifc.ctr.segments.Add(int64((n + mss - 1) / mss))
	}
}

// Close closes the connection; idempotent. Blocked Reads and Writes return.
// Segments already queued on the staged path are still sent (as a kernel
// sends its socket buffer after close), then the socket is closed.
func (c *conn) Close() error {
	first := false
	c.closingOnce.Do(func() { close(c.closing); first = true })
	if !first {
		return nil
	}
	c.enq.Lock()
	c.upShut = true
	up := c.up
	if up != nil {
		close(up.q)
	}
	c.enq.Unlock()
	if up == nil {
		c.teardown(false)
	}
	return nil
}

// fail resets the connection because of err: a sentinel (ErrDown, ErrReset,
// ErrDropped, net.ErrClosed) or the socket's own error. If the connection
// was not already closed or failed, Read and Write fail with err from now
// on; if it was not already torn down, the socket is closed with SO_LINGER 0
// so the peer sees a reset. ErrDown and ErrReset count as Resets, ErrDropped
// as Drops.
func (c *conn) fail(err error) {
	c.closingOnce.Do(func() {
		c.cause.Store(&err)
		switch err { // counted before anyone can observe the failure
		case ErrDown, ErrReset:
			c.ifc.ctr.resets.Add(1)
		case ErrDropped:
			c.ifc.ctr.drops.Add(1)
		}
		close(c.closing)
	})
	c.teardown(true)
}

// abort ends the connection because the Set is closing.
func (c *conn) abort() { c.fail(net.ErrClosed) }

// teardown stops the goroutines, closes the socket (with a reset if hard)
// and unregisters the connection; only the first call acts.
func (c *conn) teardown(hard bool) {
	c.killOnce.Do(func() {
		close(c.kill)
		c.stopDrop()
		if tc, ok := c.raw.(*net.TCPConn); ok && hard {
			tc.SetLinger(0)
		}
		c.raw.Close()
		c.ifc.unregister(c)
		c.dlMu.Lock()
		c.rdl.set(time.Time{}) // stop their timers
		c.wdl.set(time.Time{})
		c.dlMu.Unlock()
	})
}

// failure returns the error Read/Write report after a failure, or nil.
func (c *conn) failure(op string) error {
	p := c.cause.Load()
	if p == nil {
		return nil
	}
	switch *p {
	case net.ErrClosed:
		return c.opErr(op, net.ErrClosed)
	case ErrDown, ErrReset, ErrDropped:
		return opError(op, c.raw, c.network, *p, syscall.ECONNRESET)
	}
	return *p // the socket's own error
}

// mapErr replaces a socket error caused by our own Close or reset with
// net.ErrClosed or the reset's reason.
func (c *conn) mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if isClosed(c.closing) {
		return c.closedErr(op)
	}
	return err
}

// closedErr is what Read/Write return once the connection is closed.
func (c *conn) closedErr(op string) error {
	if f := c.failure(op); f != nil {
		return f
	}
	return c.opErr(op, net.ErrClosed)
}

func (c *conn) opErr(op string, err error) error {
	return &net.OpError{Op: op, Net: c.network, Source: c.raw.LocalAddr(), Addr: c.raw.RemoteAddr(), Err: err}
}

func (c *conn) timeout(op string) error { return c.opErr(op, os.ErrDeadlineExceeded) }

// LocalAddr returns the socket's real local address (not Interface.Addr).
func (c *conn) LocalAddr() net.Addr { return c.raw.LocalAddr() }

// RemoteAddr returns the peer's address.
func (c *conn) RemoteAddr() net.Addr { return c.raw.RemoteAddr() }

// SetDeadline sets both deadlines.
func (c *conn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

// SetReadDeadline applies to the socket on the direct path and to the
// delivery queue on the staged path.
func (c *conn) SetReadDeadline(t time.Time) error {
	c.dlMu.Lock()
	defer c.dlMu.Unlock()
	c.rdlAt = t
	if c.downStaged {
		c.rdl.set(t)
		return nil
	}
	return c.mapErr("set", c.raw.SetReadDeadline(t))
}

// SetWriteDeadline applies to the socket on the direct path and to queueing
// on the staged path.
func (c *conn) SetWriteDeadline(t time.Time) error {
	c.dlMu.Lock()
	defer c.dlMu.Unlock()
	c.wdlAt = t
	if c.upStaged {
		c.wdl.set(t)
		return nil
	}
	return c.mapErr("set", c.raw.SetWriteDeadline(t))
}

// scheduleDrop (re)arms the drop= timer under plan p: every:D resets the
// connection D after now; P%/min draws an exponential lifetime with rate
// -ln(1-P) per minute, so P is the chance to be reset within a minute.
func (c *conn) scheduleDrop(p *plan) {
	c.dropMu.Lock()
	defer c.dropMu.Unlock()
	if c.dropTimer != nil {
		c.dropTimer.Stop()
		c.dropTimer = nil
	}
	if isClosed(c.kill) || !p.drop.active() {
		return
	}
	d := p.drop.Every
	if d == 0 {
		d = dropLifetime(c.ifc.rng.ExpFloat64(), p.drop.PerMin)
	}
	c.dropTimer = time.AfterFunc(d, func() { c.fail(ErrDropped) })
}

func (c *conn) stopDrop() {
	c.dropMu.Lock()
	defer c.dropMu.Unlock()
	if c.dropTimer != nil {
		c.dropTimer.Stop()
		c.dropTimer = nil
	}
}
