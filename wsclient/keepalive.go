package wsclient

import "time"

// keepalive sends a ping after Options.Keepalive with no byte moving in
// either direction, and again every Keepalive while idle (§1.8). There is no
// pong timeout, as in the firmware: a dead peer shows up as a TCP error.
// Deviation: coder/websocket's Ping carries a counter as payload where the
// firmware sends an empty ping, and it waits for the pong, so it runs in its
// own goroutine and at most one is outstanding (a tick that finds one still
// waiting sends nothing).
type keepalive struct {
	s     *session
	every time.Duration
	timer *time.Timer
}

func newKeepalive(s *session) *keepalive {
	d := s.c.opts.Keepalive
	return &keepalive{s: s, every: d, timer: time.NewTimer(d)}
}

func (k *keepalive) stop() { k.timer.Stop() }

// fire runs when the timer expires: ping if idle long enough, else wait for
// the rest of the idle period.
func (k *keepalive) fire() {
	idle := k.s.act.idle()
	if idle < k.every {
		k.timer.Reset(k.every - idle)
		return
	}
	k.timer.Reset(k.every)
	s := k.s
	if !s.pinging.CompareAndSwap(false, true) {
		return
	}
	s.c.debugf("D/websocket ping")
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.pinging.Store(false)
		_ = s.ws.Ping(s.ctx) // failures surface on the reader
	}()
}
