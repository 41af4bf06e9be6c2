package emulator

import (
	"context"

	"github.com/air780emu/air780emu/netif"
)

// waitBearer returns once the cellular bearer is usable as the host sees
// it — LWIP_GP up, the modem attached and not in an outage — and every URC
// the scheduler owes for getting there ("+CGEV: ME PDN ACT 1", "+CEREG: 1")
// is already in the engine's queue. A websocket dial on LWIP_GP waits for
// it, so +WSCONACK never overtakes the registration it depends on (issue 4:
// "up ⇒ registration URCs, +CGEV: ME PDN ACT 1, autoreconnecting clients
// get +WSCONACK"). Waiting for netif alone is not enough: the interface
// comes up inside a scheduler step, before that step's URCs are emitted.
func (s *session) waitBearer(ctx context.Context, c *coupling) error {
	d := s.d
	for {
		d.mu.Lock()
		ok := d.m.attached() && (c == nil || !c.lost) && cellUp(d.net)
		changed := s.bearer
		d.mu.Unlock()
		if ok {
			break
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// The step that made the bearer usable has run (it changed the state
	// under Device.mu); the barrier waits until its URCs are queued.
	return s.sched.barrier(ctx)
}

// bearerChangedLocked wakes waitBearer's waiters to look again. Scheduler
// steps that change attachment or LWIP_GP call it. Caller holds Device.mu.
func (s *session) bearerChangedLocked() {
	close(s.bearer)
	s.bearer = make(chan struct{})
}

// cellUp reports whether LWIP_GP is up.
func cellUp(set *netif.Set) bool {
	i := set.Interface(netif.LWIPGP)
	return i != nil && i.Up()
}
