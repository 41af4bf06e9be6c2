package wsclient

import (
	"context"
	"net"
	"os"
	"sync"
	"syscall"
	"testing"
)

// testNet is a dialer standing in for a netif interface: it dials real
// sockets on 127.0.0.1, and can go down (open connections fail with
// ENETDOWN, dials with ENETUNREACH) and come back up, or make writes fail.
type testNet struct {
	mu         sync.Mutex
	down       bool
	failWrites bool
	conns      map[*testConn]struct{}
	stall      chan struct{} // non-nil: writes wait until it is closed
}

func newTestNet() *testNet { return &testNet{conns: map[*testConn]struct{}{}} }

// stallWrites makes writes block until the returned func is called.
func (n *testNet) stallWrites() (release func()) {
	ch := make(chan struct{})
	n.mu.Lock()
	n.stall = ch
	n.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

func (n *testNet) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	n.mu.Lock()
	down := n.down
	n.mu.Unlock()
	if down {
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ENETUNREACH}
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	tc := &testConn{Conn: c, n: n}
	n.mu.Lock()
	n.conns[tc] = struct{}{}
	n.mu.Unlock()
	return tc, nil
}

// setDown takes the interface down (closing every connection) or up.
func (n *testNet) setDown(down bool) {
	n.mu.Lock()
	n.down = down
	var open []*testConn
	for c := range n.conns {
		open = append(open, c)
	}
	if down {
		n.conns = map[*testConn]struct{}{}
	}
	n.mu.Unlock()
	if down {
		for _, c := range open {
			c.Conn.Close()
		}
	}
}

func (n *testNet) setFailWrites(on bool) {
	n.mu.Lock()
	n.failWrites = on
	n.mu.Unlock()
}

func (n *testNet) state() (down, failWrites bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.down, n.failWrites
}

type testConn struct {
	net.Conn
	n *testNet
}

func (c *testConn) Read(p []byte) (int, error) {
	k, err := c.Conn.Read(p)
	if down, _ := c.n.state(); err != nil && down {
		return k, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ENETDOWN}
	}
	return k, err
}

func (c *testConn) Write(p []byte) (int, error) {
	c.n.mu.Lock()
	stall := c.n.stall
	c.n.mu.Unlock()
	if stall != nil {
		<-stall
	}
	if _, fail := c.n.state(); fail {
		return 0, &net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}
	}
	return c.Conn.Write(p)
}

// nxdomainDNS is a DNS server on 127.0.0.1 (UDP) that answers every query
// with NXDOMAIN; dnsDial returns a dialer resolving through it, so the
// DNS-failure path is exercised through a real resolver and never leaves
// loopback.
func nxdomainDNS(t testing.TB) func(ctx context.Context, network, addr string) (net.Conn, error) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if resp := nxdomain(buf[:n]); resp != nil {
				pc.WriteTo(resp, from)
			}
		}
	}()
	t.Cleanup(func() {
		pc.Close()
		<-done
	})
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
	d := &net.Dialer{Resolver: r}
	return d.DialContext
}

// nxdomain builds the NXDOMAIN answer to query q (RFC 1035 §4.1): same ID
// and question, QR=1, RA=1, RCODE=3, no records.
func nxdomain(q []byte) []byte {
	if len(q) < 12 {
		return nil
	}
	i := 12
	for i < len(q) && q[i] != 0 {
		i += int(q[i]) + 1
	}
	i += 5 // zero label, QTYPE, QCLASS
	if i > len(q) {
		return nil
	}
	r := append([]byte(nil), q[:i]...)
	r[2] = 0x80 | (q[2] & 0x01) // QR, RD copied
	r[3] = 0x80 | 3             // RA, NXDOMAIN
	r[4], r[5] = 0, 1           // one question
	for j := 6; j < 12; j++ {
		r[j] = 0
	}
	return r
}

// redirectTo returns a dialer that connects every address to addr (a
// hosts-map stand-in: the name is kept for Host, SNI and verification).
func redirectTo(addr string) func(ctx context.Context, network, _ string) (net.Conn, error) {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

func writeFile(t testing.TB, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}
