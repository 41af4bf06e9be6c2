package luaos

import (
	"container/heap"
	"time"
)

// vtimer is one rtos timer (rtos.timer_start) or an internal one (fn set).
// The VM loop owns every timer: no goroutine per timer, and timers that are
// due together fire in deadline order, then in start order.
type vtimer struct {
	id       int64
	deadline time.Time
	period   time.Duration
	left     int    // firings after the next one; -1 forever
	seq      uint64 // start order, the tie-break
	fn       func() // internal timer: run on the VM goroutine
	index    int
}

// timerSet is a heap of timers by deadline plus an index by id.
type timerSet struct {
	h    timerHeap
	byID map[int64]*vtimer
	seq  uint64
}

func newTimerSet() timerSet { return timerSet{byID: map[int64]*vtimer{}} }

// start arms timer id (replacing one with the same id) to fire after d,
// then repeat more times (-1 forever).
func (s *timerSet) start(id int64, d time.Duration, repeat int, fn func()) {
	s.stop(id)
	s.seq++
	t := &vtimer{id: id, deadline: time.Now().Add(d), period: d, left: repeat, seq: s.seq, fn: fn}
	s.byID[id] = t
	heap.Push(&s.h, t)
}

// stop disarms timer id; it reports whether one was armed.
func (s *timerSet) stop(id int64) bool {
	t, ok := s.byID[id]
	if !ok {
		return false
	}
	delete(s.byID, id)
	heap.Remove(&s.h, t.index)
	return true
}

// peek returns the earliest timer, or nil.
func (s *timerSet) peek() *vtimer {
	if len(s.h) == 0 {
		return nil
	}
	return s.h[0]
}

// fire consumes the earliest timer: a repeating one is re-armed one period
// later (never in the past, so a stalled loop does not get a burst).
func (s *timerSet) fire(now time.Time) *vtimer {
	t := s.h[0]
	if t.left == 0 {
		heap.Pop(&s.h)
		delete(s.byID, t.id)
		return t
	}
	if t.left > 0 {
		t.left--
	}
	fired := *t
	t.deadline = t.deadline.Add(t.period)
	if t.deadline.Before(now) {
		t.deadline = now.Add(t.period)
	}
	s.seq++
	t.seq = s.seq
	heap.Fix(&s.h, 0)
	return &fired
}

// clear drops every timer.
func (s *timerSet) clear() {
	s.h = nil
	s.byID = map[int64]*vtimer{}
}

type timerHeap []*vtimer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].deadline.Equal(h[j].deadline) {
		return h[i].seq < h[j].seq
	}
	return h[i].deadline.Before(h[j].deadline)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) {
	t := x.(*vtimer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return t
}
