package netif

import (
	"sync"
	"sync/atomic"
)

// dispatcher delivers up/down events from one goroutine per Set.
//
// Ordering guarantees: events of one interface reach every subscriber in the
// order the transitions happened (they are queued under the interface's
// lock); all events of a Set are delivered one at a time, so a subscriber is
// never called concurrently with itself or with another subscriber of the
// same Set, and never while netif holds a lock (a subscriber may call any
// method of the Set, except Close). A slow subscriber delays the others. The
// queue grows by one small Event per transition not yet delivered.
type dispatcher struct {
	mu    sync.Mutex
	queue []Event
	subs  map[Name][]*subscriber
	wake  chan struct{}
	stop  chan struct{}
}

type subscriber struct {
	fn        func(Event)
	cancelled atomic.Bool
}

func newDispatcher() *dispatcher {
	return &dispatcher{subs: map[Name][]*subscriber{}, wake: make(chan struct{}, 1), stop: make(chan struct{})}
}

// publish queues e; it never blocks.
func (d *dispatcher) publish(e Event) {
	d.mu.Lock()
	d.queue = append(d.queue, e)
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// run delivers queued events until stop is closed and the queue is empty.
func (d *dispatcher) run() {
	for {
		d.mu.Lock()
		if len(d.queue) == 0 {
			d.queue = nil
			d.mu.Unlock()
			select {
			case <-d.wake:
				continue
			case <-d.stop:
				return
			}
		}
		e := d.queue[0]
		d.queue = d.queue[1:]
		subs := d.subs[e.Iface]
		d.mu.Unlock()
		for _, s := range subs {
			if !s.cancelled.Load() {
				s.fn(e)
			}
		}
	}
}

// add registers fn for events of interface n and returns its cancel.
func (d *dispatcher) add(n Name, fn func(Event)) func() {
	s := &subscriber{fn: fn}
	d.mu.Lock()
	d.subs[n] = append(d.subs[n][:len(d.subs[n]):len(d.subs[n])], s)
	d.mu.Unlock()
	return func() {
		s.cancelled.Store(true)
		d.mu.Lock()
		defer d.mu.Unlock()
		old := d.subs[n]
		keep := make([]*subscriber, 0, len(old))
		for _, x := range old {
			if x != s {
				keep = append(keep, x)
			}
		}
		d.subs[n] = keep
	}
}

// Subscribe calls fn with every up/down change of the interface until cancel
// is called. cancel is idempotent and may be called from inside fn; once it
// returns, no new delivery to fn begins (one that had already begun may
// finish). See dispatcher for the ordering guarantees. A nil fn is ignored.
func (i *Interface) Subscribe(fn func(Event)) (cancel func()) {
	if fn == nil {
		return func() {}
	}
	return i.set.events.add(i.name, fn)
}
