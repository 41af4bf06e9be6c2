package luaos

import (
	"context"
	"time"
)

// message is one item of the VM's message bus: a native event whose
// handler runs on the VM goroutine, inside rtos.receive, on the main Lua
// thread (outside every coroutine, §1.4/§3.2). gen ties it to one boot; a
// message of an earlier boot is dropped. gen 0 is for whichever VM runs
// (REPL input survives a reboot).
type message struct {
	at  time.Time
	gen uint64
	run func(v *vm)
}

// post puts m on the bus, blocking while the bus is full (backpressure)
// until ctx is done.
func (rt *machine) post(ctx context.Context, gen uint64, run func(v *vm)) error {
	m := message{at: time.Now(), gen: gen, run: run}
	select {
	case rt.queue <- m:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// postLocal queues a message from the VM goroutine itself, which must never
// block on its own bus.
func (v *vm) postLocal(run func(v *vm)) {
	v.local = append(v.local, message{at: time.Now(), gen: v.gen, run: run})
}

// event is what next hands rtos.receive: a message, a fired timer, or
// neither (timeout).
type event struct {
	msg   *message
	timer *vtimer
}

// next waits for the next event: the earliest of the VM's own messages, one
// message from the bus and the due timers, by time (§3.2: one message per
// loop turn). A zero until waits forever. It returns false when the VM's
// context is done.
func (v *vm) next(until time.Time) (event, bool) {
	for {
		now := time.Now()
		v.fill()
		if ev, ok := v.earliest(now); ok {
			return ev, true
		}
		wait, ok := v.waitTime(now, until)
		if !ok {
			return event{}, true // timeout
		}
		var c <-chan time.Time
		if wait >= 0 {
			v.wake.Reset(wait)
			c = v.wake.C
		}
		select {
		case m := <-v.rt.queue:
			v.accept(m)
		case <-c:
		case <-v.ctx.Done():
			v.wake.Stop()
			return event{}, false
		}
		v.wake.Stop()
	}
}

// fill moves one bus message into the look-ahead slot without blocking.
func (v *vm) fill() {
	for v.pending == nil {
		select {
		case m := <-v.rt.queue:
			v.accept(m)
		default:
			return
		}
	}
}

// accept keeps m as the look-ahead unless it belongs to an earlier boot.
func (v *vm) accept(m message) {
	if m.gen != 0 && m.gen != v.gen {
		return
	}
	v.pending = &m
}

// earliest picks the event to deliver now, if any.
func (v *vm) earliest(now time.Time) (event, bool) {
	var best *message
	fromLocal := false
	if len(v.local) > 0 {
		best, fromLocal = &v.local[0], true
	}
	if v.pending != nil && (best == nil || v.pending.at.Before(best.at)) {
		best, fromLocal = v.pending, false
	}
	if t := v.timers.peek(); t != nil && !t.deadline.After(now) && (best == nil || !best.at.Before(t.deadline)) {
		return event{timer: v.timers.fire(now)}, true
	}
	if best == nil {
		return event{}, false
	}
	m := *best
	if fromLocal {
		v.local[0] = message{}
		v.local = v.local[1:]
	} else {
		v.pending = nil
	}
	return event{msg: &m}, true
}

// waitTime is how long to block: until the next timer or the receive
// timeout (-1: forever). ok is false when the timeout has passed.
func (v *vm) waitTime(now, until time.Time) (time.Duration, bool) {
	wait := time.Duration(-1)
	if t := v.timers.peek(); t != nil {
		wait = t.deadline.Sub(now)
	}
	if !until.IsZero() {
		d := until.Sub(now)
		if d <= 0 {
			return 0, false
		}
		if wait < 0 || d < wait {
			wait = d
		}
	}
	return wait, true
}
