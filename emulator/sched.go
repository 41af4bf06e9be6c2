package emulator

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/air780emu/air780emu/atcmd"
)

// step is one scheduled piece of modem behaviour: at due, run changes the
// model and returns the URCs to emit. A step bound to a radio generation
// (gen >= 0) is skipped once the generation has moved on (CFUN change, SIM
// change, reboot), so a cancelled boot never prints its late URCs.
type step struct {
	due time.Time
	gen int // radio generation the step belongs to; -1 means always run
	run func() []atcmd.URC
	seq uint64
}

// maxBacklog bounds the steps waiting in a scheduler when a world event
// (SetSIM, SetRegistration) arrives: when the host stops reading, the
// engine's URC queue fills, the scheduler blocks in Emit, and further events
// are refused with ErrBacklog instead of growing memory or being dropped
// unseen. A burst of more than maxBacklog events faster than the scheduler
// drains them is refused the same way.
const maxBacklog = 1024

// ErrBacklog is returned by the world-event setters while the device has
// maxBacklog URC steps waiting to be emitted.
var ErrBacklog = errors.New("emulator: URC backlog full (1024 events waiting for the host)")

// sched runs steps in due order (ties in the order they were added) on one
// goroutine, emitting their URCs through the engine. One goroutine owning
// the emission keeps URCs in order, which `go emit()` per event would not.
type sched struct {
	eng    *atcmd.Engine
	genNow func() int // the current radio generation (takes Device.mu)

	mu      sync.Mutex
	q       []step
	seq     uint64
	running bool          // a step is being run or emitted
	kick    chan struct{} // cap 1: the queue or the generation changed
	idle    chan struct{} // closed and replaced when the queue drains (tests)
}

func newSched(eng *atcmd.Engine, genNow func() int) *sched {
	return &sched{eng: eng, genNow: genNow, kick: make(chan struct{}, 1), idle: make(chan struct{})}
}

// add queues st, keeping the queue sorted by due time (stable).
func (s *sched) add(st step) {
	s.mu.Lock()
	s.seq++
	st.seq = s.seq
	i := len(s.q)
	for i > 0 && s.q[i-1].due.After(st.due) {
		i--
	}
	s.q = append(s.q, step{})
	copy(s.q[i+1:], s.q[i:])
	s.q[i] = st
	s.mu.Unlock()
	s.wake()
}

// full reports whether the backlog is at maxBacklog.
func (s *sched) full() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.q) >= maxBacklog
}

// wake tells the loop to look at the queue again.
func (s *sched) wake() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// head returns the first live step, dropping stale ones; ok is false when the
// queue is empty. It marks the scheduler idle when it finds nothing.
func (s *sched) head() (step, bool) {
	gen := s.genNow()
	s.mu.Lock()
	defer s.mu.Unlock()
	wasBusy := s.running || len(s.q) > 0
	for len(s.q) > 0 && s.q[0].gen >= 0 && s.q[0].gen != gen {
		s.q = s.q[1:]
	}
	if len(s.q) == 0 {
		s.running = false
		if wasBusy {
			close(s.idle)
			s.idle = make(chan struct{})
		}
		return step{}, false
	}
	s.running = true
	return s.q[0], true
}

// pop removes st from the head of the queue if it is still there.
func (s *sched) pop(st step) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.q) == 0 || s.q[0].seq != st.seq {
		return false
	}
	s.q = s.q[1:]
	return true
}

// loop runs until ctx is done. It returns nil on cancellation and the
// engine's error when an Emit fails for another reason.
func (s *sched) loop(ctx context.Context) error {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		st, ok := s.head()
		if !ok {
			select {
			case <-ctx.Done():
				return nil
			case <-s.kick:
				continue
			}
		}
		if wait := time.Until(st.due); wait > 0 {
			timer.Reset(wait)
			select {
			case <-ctx.Done():
				return nil
			case <-s.kick: // re-check: an earlier step or a new generation
				continue
			case <-timer.C:
			}
		}
		if !s.pop(st) {
			continue
		}
		for _, u := range st.run() {
			if err := s.eng.Emit(ctx, u); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
		}
	}
}

// barrier returns once every step due by now has run and its URCs are in
// the engine's queue (steps run and emit one at a time, in due order), or
// ctx's error. Whatever the caller emits afterwards comes after them.
func (s *sched) barrier(ctx context.Context) error {
	done := make(chan struct{})
	s.add(step{due: time.Now(), gen: -1, run: func() []atcmd.URC { close(done); return nil }})
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// waitIdle blocks until the queue is empty and no step is running, or ctx
// ends. Tests use it to know that every scheduled URC has been emitted.
func (s *sched) waitIdle(ctx context.Context) error {
	for {
		s.mu.Lock()
		busy, idle := s.running || len(s.q) > 0, s.idle
		s.mu.Unlock()
		if !busy {
			return nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
