package netif

import (
	"io"
	"math/rand/v2"
	"net"
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
	window := max(size, copyWindow/size*size)
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

// startUp moves the up direction onto the pipeline.
func (c *conn) startUp() error {
	s := c.newStream(dirUp)
	c.enq.Lock()
	if c.upShut {
		c.enq.Unlock()
		return c.closedErr("write")
	}
	c.up = s
	c.enq.Unlock()
	c.dlMu.Lock()
	c.upStaged = true
	c.raw.SetWriteDeadline(time.Time{})
	c.dlMu.Unlock()
	if !c.ifc.set.launch(s.runUp) {
		c.abort()
		return c.closedErr("write")
	}
	return nil
}

// writeStaged queues p on the up pipeline.
func (c *conn) writeStaged(p []byte) (int, error) {
	c.enq.RLock()
	defer c.enq.RUnlock()
	if c.upShut {
		return 0, c.closedErr("write")
	}
	return c.up.produce(p, c.wdl)
}

// runUp writes each segment to the socket at its release time, gathering
// the segments already released into one writev; after Close it drains the
// queue, then closes the socket.
func (s *stream) runUp() {
	c := s.c
	var next *segment // taken from the queue but not yet released
	for {
		seg := next
		next = nil
		if seg == nil {
			var ok bool
			select {
			case seg, ok = <-s.q:
			case <-c.kill:
				return
			}
			if !ok {
				c.teardown(false)
				return
			}
			<-s.sem
		}
		if !s.waitUntil(seg.release) {
			return
		}
		if seg.reset {
			c.fail(ErrReset)
			return
		}
		batch, more, drained := s.gather(seg)
		next = more
		if !s.writeBatch(batch) {
			return
		}
		if drained {
			c.teardown(false)
			return
		}
	}
}

// maxBatch bounds one writev.
const maxBatch = 64

// gather collects seg and the queued segments already released behind it
// (TCP only: UDP datagrams must stay separate). more is a segment taken but
// not yet due; drained reports that the queue was closed and is empty.
func (s *stream) gather(seg *segment) (batch net.Buffers, more *segment, drained bool) {
	batch = net.Buffers{seg.data}
	if s.c.udp {
		return batch, nil, false
	}
	now := time.Now()
	for len(batch) < maxBatch {
		select {
		case f, ok := <-s.q:
			if !ok {
				return batch, nil, true
			}
			<-s.sem
			if f.reset || f.release.Sub(now) > timerSlack {
				return batch, f, false
			}
			batch = append(batch, f.data)
		default:
			return batch, nil, false
		}
	}
	return batch, nil, false
}

// writeBatch writes the segments (writev on TCP) and counts them.
func (s *stream) writeBatch(batch net.Buffers) bool {
	c := s.c
	segs := len(batch)
	var err error
	var n int64
	if c.udp {
		var k int
		k, err = c.raw.Write(batch[0])
		n = int64(k)
	} else {
		n, err = batch.WriteTo(c.raw)
	}
	c.ifc.ctr.bytesUp.Add(n)
	c.ifc.ctr.segments.Add(int64(segs))
	if err != nil {
		c.failWith(err)
		return false
	}
	return true
}

// failWith ends the connection after the socket itself failed (the peer
// reset or closed it): later Reads and Writes report err.
func (c *conn) failWith(err error) {
	c.fail(err)
}

// startDown moves the down direction onto the pipeline.
func (c *conn) startDown() error {
	s := c.newStream(dirDown)
	c.dlMu.Lock()
	c.downStaged = true
	c.raw.SetReadDeadline(time.Time{})
	c.dlMu.Unlock()
	c.down = s
	if !c.ifc.set.launch(s.runDown) {
		c.abort()
		return c.closedErr("read")
	}
	return nil
}

// runDown reads the socket and queues what arrives; the socket's end of
// stream (EOF or error) is queued too, behind the data.
func (s *stream) runDown() {
	c := s.c
	buf := make([]byte, readBufSize)
	for {
		n, err := c.raw.Read(buf)
		if n > 0 {
			if _, perr := s.produce(buf[:n], nil); perr != nil {
				return
			}
		}
		if err != nil {
			if isClosed(c.closing) || s.acquire(nil) != nil {
				return
			}
			p := c.ifc.plan.Load()
			t := time.Now().Add(p.latency)
			if t.Before(s.last) {
				t = s.last
			}
			s.q <- &segment{err: err, release: t}
			return
		}
	}
}

// readStaged returns delivered bytes: it waits for the first released
// segment, then adds those already released behind it while p has room. A
// UDP Read returns one datagram (truncated to p, like a socket).
func (c *conn) readStaged(p []byte) (int, error) {
	s := c.down
	n := 0
	for {
		if len(c.pending) > 0 {
			k := copy(p[n:], c.pending)
			c.pending = c.pending[k:]
			n += k
			if c.udp {
				c.pending = nil
				return n, nil
			}
			if n == len(p) {
				return n, nil
			}
		}
		if n > 0 {
			if !c.tryHead(s) {
				return n, nil
			}
		} else {
			if isClosed(c.closing) {
				return 0, c.closedErr("read")
			}
			if err := c.nextHead(s); err != nil {
				return 0, err
			}
		}
		if err := c.deliverHead(); err != nil {
			if n > 0 {
				return n, nil // the error shows on the next Read
			}
			return 0, err
		}
	}
}

// tryHead reports whether a released head segment is at hand, without
// waiting.
func (c *conn) tryHead(s *stream) bool {
	if c.head == nil {
		select {
		case seg := <-s.q:
			<-s.sem
			c.head = seg
		default:
			return false
		}
	}
	return time.Until(c.head.release) <= timerSlack
}

// nextHead waits for the head segment and its release time.
func (c *conn) nextHead(s *stream) error {
	if c.head == nil {
		select {
		case seg := <-s.q:
			<-s.sem
			c.head = seg
		case <-c.closing:
			return c.closedErr("read")
		case <-c.rdl.wait():
			return c.timeout("read")
		}
	}
	d := time.Until(c.head.release)
	if d <= timerSlack {
		return nil
	}
	s.timer.Reset(d)
	defer s.timer.Stop()
	select {
	case <-s.timer.C:
		return nil
	case <-c.closing:
		return c.closedErr("read")
	case <-c.rdl.wait():
		return c.timeout("read")
	}
}

// deliverHead hands the released head segment to the reader.
func (c *conn) deliverHead() error {
	seg := c.head
	ctr := &c.ifc.ctr
	switch {
	case seg.reset:
		c.fail(ErrReset)
		return c.failure("read")
	case seg.err == io.EOF:
		return io.EOF // head stays: later Reads see EOF too
	case seg.err != nil:
		c.fail(seg.err)
		return c.failure("read")
	}
	c.head = nil
	c.pending = seg.data
	ctr.bytesDown.Add(int64(len(seg.data)))
	ctr.segments.Add(1)
	return nil
}
