package wsclient

import (
	"net"
	"sync/atomic"
	"time"
)

// activity records when bytes last moved on a connection, in either
// direction, for the keepalive rule of §1.8 (a ping after Keepalive of no RX
// and no TX-complete).
type activity struct {
	base time.Time
	last atomic.Int64 // nanoseconds since base
}

func newActivity() *activity { return &activity{base: time.Now()} }

func (a *activity) touch() { a.last.Store(int64(time.Since(a.base))) }

// idle returns how long no byte moved.
func (a *activity) idle() time.Duration {
	return time.Since(a.base) - time.Duration(a.last.Load())
}

func (a *activity) wrap(c net.Conn) net.Conn { return &actConn{Conn: c, a: a} }

// actConn is a net.Conn that touches its activity on every transfer.
type actConn struct {
	net.Conn
	a *activity
}

func (c *actConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.a.touch()
	}
	return n, err
}

func (c *actConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.a.touch()
	}
	return n, err
}
