package netif

import (
	"math/rand/v2"
	"time"
)

// The staged path. Toxiproxy runs one goroutine per stage per direction,
// joined by channels (style-anchors.md §3.1); on this machine that costs
// ~75 µs per round trip and 0.2× throughput (baselines.md §1). Here the
// stages are arithmetic on a segment's release time, applied in order by
// the single producer of each direction at the segment's arrival:
//
//	bandwidth (interface token bucket) → loss (RTO back-off or reset)
//	→ latency + jitter → never before the previous segment (order kept)
//
// and one consumer hands each segment on at its release time. Up: Write
// produces, a goroutine writes the socket. Down: a goroutine reads the
// socket and produces, Read consumes. A bounded queue (queueSlots segments)
// sits between them: when it is full the producer waits, so a slow reader
// pushes back on the peer through TCP flow control instead of losing bytes.

// Queue bounds per direction and connection.
const (
	queueSlots    = 1024 // TCP: 1024 × MSS (1.4 MiB at MTU 1500) in flight
	udpQueueSlots = 256
	readBufSize   = 64 << 10
)

// segment is one chunk on its way through the interface.
type segment struct {
	data    []byte
	release time.Time
	reset   bool  // the retransmission limit was hit: reset at release
	err     error // end of stream (io.EOF or the socket's error) at release
}

// stream is one direction of one connection on the staged path.
type stream struct {
	c      *conn
	dir    int
	rng    *rand.Rand // owned by the producer
	loss   lossModel
	last   time.Time // release time of the previous segment
	doomed bool      // a reset is scheduled: later segments are never sent
	q      chan *segment
	sem    chan struct{} // one token per queued segment
	timer  *time.Timer   // owned by the consumer
}

func (c *conn) newStream(dir int) *stream {
	n := queueSlots
	if c.udp {
		n = udpQueueSlots
	}
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &stream{c: c, dir: dir, rng: ownedRand(c.ifc.set.seed, nameStream(c.ifc.name, c.idx, dir)),
		q: make(chan *segment, n), sem: make(chan struct{}, n), timer: t}
}

// schedule runs the stages for data arriving at now; nil means a lost UDP
// datagram (true discard: datagram semantics).
func (s *stream) schedule(data []byte, now time.Time) *segment {
	ifc := s.c.ifc
	p := ifc.plan.Load()
	seg := &segment{data: data}
	t := ifc.buckets[s.dir].depart(now, len(data), p.mss, p.rate[s.dir])
	if !s.doomed {
		var lost bool
		if t, lost = s.applyLoss(p, seg, t); lost {
			return nil
		}
		if !seg.reset {
			t = t.Add(sampleDelay(s.rng, p))
		}
	}
	if t.Before(s.last) {
		t = s.last
	}
	s.last, seg.release = t, t
	return seg
}

// applyLoss draws transmissions until one gets through. On TCP every loss
// costs an RTO that doubles per consecutive loss (RFC 6298 §5.5; initial RTO
// in plan.rto); the retries-th consecutive loss schedules a reset. On UDP a
// loss discards the datagram.
func (s *stream) applyLoss(p *plan, seg *segment, t time.Time) (time.Time, bool) {
	if p.loss.Kind == lossNone {
		return t, false
	}
	ctr := &s.c.ifc.ctr
	rto := p.rto
	for n := 1; s.loss.lost(s.rng, p.loss); n++ {
		ctr.losses.Add(1)
		if s.c.udp {
			return t, true
		}
		t = t.Add(rto)
		if n >= p.retries {
			seg.reset, s.doomed = true, true
			return t, false
		}
		ctr.retransmits.Add(1)
		rto = min(2*rto, maxRTO)
	}
	return t, false
}

// copyWindow bounds how much of one Write is copied at a time, so memory
// stays bounded by the queue, not by the caller's buffer.
const copyWindow = 64 << 10

// produce splits data into segments (MSS for TCP, one datagram for UDP),
// copies them (a window at a time; segments share the copy) and queues
// them; it waits for queue space, giving up when the connection closes or
// the deadline (nil: none) passes. A zero-length TCP write is a no-op.
func (s *stream) produce(data []byte, dl *deadline) (int, error) {
	if len(data) == 0 && !s.c.udp {
		return 0, nil
	}
	size := len(data)
	if !s.c.udp {
		size = s.c.ifc.plan.Load().mss
	}
	window := size // UDP: one datagram, possibly empty
	if !s.c.udp {
		window = max(size, copyWindow/size*size)
	}
	var block []byte
	for done := 0; ; {
		n := min(size, len(data)-done)
		if err := s.acquire(dl); err != nil {
			return done, err
		}
		if len(block) < n {
			block = append([]byte(nil), data[done:done+min(window, len(data)-done)]...)
		}
		seg := s.schedule(block[:n:n], time.Now())
		block = block[n:]
		if seg == nil {
			<-s.sem
		} else {
			s.q <- seg
		}
		if done += n; done >= len(data) {
			return done, nil
		}
	}
}

// acquire takes a queue slot.
func (s *stream) acquire(dl *deadline) error {
	var expired chan struct{}
	if dl != nil {
		expired = dl.wait()
	}
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-s.c.closing:
		return s.c.closedErr("write")
	case <-s.c.kill:
		return s.c.closedErr("write")
	case <-expired:
		return s.c.timeout("write")
	}
}

// timerSlack: a segment due within this much is released at once. Go
// timers fire 0.1-1 ms late on this machine (baselines.md §0), so sleeping
// for less would add more error than it removes.
const timerSlack = 50 * time.Microsecond

// waitUntil sleeps until t; false if the connection was torn down first.
func (s *stream) waitUntil(t time.Time) bool {
	d := time.Until(t)
	if d <= timerSlack {
		return true
	}
	s.timer.Reset(d)
	select {
	case <-s.timer.C:
		return true
	case <-s.c.kill:
		s.timer.Stop()
		return false
	}
}
