// Package netiftest holds test helpers for code that dials through netif:
// an in-memory network (PipeNet) to pass as netif.Options.Dial, so tests of
// the emulator's services and of wsclient can run the interface's stages
// under testing/synctest, and an event recorder (Events) for Subscribe.
package netiftest

import (
	"context"
	"fmt"
	"net"
	"sync"
	"syscall"

	"github.com/air780emu/air780emu/netif"
)

// PipeNet is an in-memory network: Dial returns one end of a net.Pipe and
// queues the other end, with the dialed address, for Accept.
type PipeNet struct {
	peers chan Accepted
	mu    sync.Mutex
	addrs []string
}

// Accepted is the far end of one dialed connection.
type Accepted struct {
	Conn net.Conn
	Addr string // the address that was dialed (after netif's hosts map)
}

// NewPipeNet returns a PipeNet that holds up to backlog unaccepted
// connections; a Dial beyond that fails with ECONNREFUSED, as a full
// listen queue would.
func NewPipeNet(backlog int) *PipeNet {
	return &PipeNet{peers: make(chan Accepted, backlog)}
}

var _ netif.DialFunc = (*PipeNet)(nil).Dial

// Dial implements netif.DialFunc.
func (p *PipeNet) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a, b := net.Pipe()
	select {
	case p.peers <- Accepted{Conn: b, Addr: addr}:
	default:
		a.Close()
		b.Close()
		return nil, &net.OpError{Op: "dial", Net: network, Err: fmt.Errorf("netiftest: backlog full: %w", syscall.ECONNREFUSED)}
	}
	p.mu.Lock()
	p.addrs = append(p.addrs, addr)
	p.mu.Unlock()
	return a, nil
}

// Accept returns the far end of the next dialed connection.
func (p *PipeNet) Accept(ctx context.Context) (Accepted, error) {
	select {
	case a := <-p.peers:
		return a, nil
	case <-ctx.Done():
		return Accepted{}, ctx.Err()
	}
}

// Dialed returns the addresses dialed so far, in order.
func (p *PipeNet) Dialed() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.addrs...)
}

// Events records the events a subscriber receives.
type Events struct {
	mu     sync.Mutex
	events []netif.Event
	change chan struct{}
}

// NewEvents returns an empty recorder.
func NewEvents() *Events { return &Events{change: make(chan struct{})} }

// Record is the function to pass to Interface.Subscribe.
func (r *Events) Record(e netif.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	close(r.change)
	r.change = make(chan struct{})
	r.mu.Unlock()
}

// Wait returns the first n events once they have arrived.
func (r *Events) Wait(ctx context.Context, n int) ([]netif.Event, error) {
	for {
		r.mu.Lock()
		if len(r.events) >= n {
			out := append([]netif.Event(nil), r.events[:n]...)
			r.mu.Unlock()
			return out, nil
		}
		ch := r.change
		r.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("netiftest: waiting for %d events: %w", n, ctx.Err())
		}
	}
}
