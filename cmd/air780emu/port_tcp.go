package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"
)

// busyMessage is what a second concurrent host is told before its
// connection is closed. It is the emulator's own text (issue 2), not a
// module format: a real UART has one wire and no way to say this.
const busyMessage = "busy: another host is attached\r\n"

// tcpPort listens on HOST:PORT for one host at a time, like a serial cable
// with one plug. Read blocks until a host is attached and continues across
// reconnections. A Write with no host attached is discarded, as bytes on a
// UART wire with nothing on the other end are; a host therefore never sees
// output older than its connection. A second concurrent connection gets
// busyMessage and is closed.
type tcpPort struct {
	ln       net.Listener
	mu       sync.Mutex
	conn     net.Conn      // the attached host, or nil
	changed  chan struct{} // closed and replaced when conn changes
	done     chan struct{}
	once     sync.Once
	acceptWG sync.WaitGroup
}

var _ Port = (*tcpPort)(nil)

// listenTCP binds addr and starts accepting hosts.
func listenTCP(ctx context.Context, addr string) (*tcpPort, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("-port tcp://%s: %w", addr, err)
	}
	p := &tcpPort{ln: ln, changed: make(chan struct{}), done: make(chan struct{})}
	p.acceptWG.Add(1)
	go p.acceptLoop()
	return p, nil
}

// Addr is the bound listen address (with the real port when 0 was asked).
func (p *tcpPort) Addr() string { return p.ln.Addr().String() }

// acceptLoop attaches the first host and turns away the others.
func (p *tcpPort) acceptLoop() {
	defer p.acceptWG.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return // listener closed
		}
		if !p.attach(c) {
			refuse(c)
		}
	}
}

// attach makes c the host unless one is attached or the port is closed.
func (p *tcpPort) attach(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed() || p.conn != nil {
		return false
	}
	p.conn = c
	p.signalLocked()
	return true
}

// refuse tells a second host the port is busy and closes it. The deadline
// keeps a host that does not read from stalling the accept loop.
func refuse(c net.Conn) {
	c.SetWriteDeadline(time.Now().Add(time.Second))
	c.Write([]byte(busyMessage))
	c.Close()
}

// detach drops c if it is still the attached host.
func (p *tcpPort) detach(c net.Conn) {
	p.mu.Lock()
	if p.conn == c {
		p.conn = nil
		p.signalLocked()
	}
	p.mu.Unlock()
	c.Close()
}

func (p *tcpPort) signalLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// current returns the attached host (or nil) and a channel closed when that
// changes.
func (p *tcpPort) current() (net.Conn, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conn, p.changed
}

// Read returns the next bytes from a host, waiting for one to attach.
func (p *tcpPort) Read(b []byte) (int, error) {
	for {
		c, changed := p.current()
		if c == nil {
			select {
			case <-changed:
				continue
			case <-p.done:
				return 0, net.ErrClosed
			}
		}
		n, err := c.Read(b)
		if n > 0 {
			return n, nil
		}
		if err != nil {
			p.detach(c) // the host hung up: wait for the next one
		}
	}
}

// Write sends b to the attached host, or discards it when none is attached
// or the host vanished mid-write.
func (p *tcpPort) Write(b []byte) (int, error) {
	if p.closed() {
		return 0, net.ErrClosed
	}
	c, _ := p.current()
	if c == nil {
		return len(b), nil
	}
	if _, err := c.Write(b); err != nil {
		if p.closed() {
			return 0, net.ErrClosed
		}
		p.detach(c)
	}
	return len(b), nil
}

func (p *tcpPort) closed() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Close stops listening and hangs up the host; idempotent. A pending Read
// or Write returns net.ErrClosed.
func (p *tcpPort) Close() error {
	var err error
	p.once.Do(func() {
		p.mu.Lock()
		close(p.done)
		c := p.conn
		p.conn = nil
		p.mu.Unlock()
		err = p.ln.Close()
		if c != nil {
			err = errors.Join(err, c.Close())
		}
		p.acceptWG.Wait()
	})
	return err
}
