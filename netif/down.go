package netif

import (
	"io"
	"time"
)

// The down direction of the staged path: runDown produces, Read delivers.

// startDown moves the down direction onto the pipeline.
func (c *conn) startDown() error {
	s := c.newStream(dirDown)
	c.dlMu.Lock()
	c.downStaged = true
	c.raw.SetReadDeadline(time.Time{}) // the pipeline's goroutine owns the socket now
	c.rdl.set(c.rdlAt)
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
		if n > 0 || (c.udp && err == nil) { // an empty datagram is a datagram
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
	if c.udp {
		return c.readDatagram(s, p)
	}
	n := 0
	for {
		if len(c.pending) > 0 {
			k := copy(p[n:], c.pending)
			c.pending = c.pending[k:]
			n += k
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

// readDatagram returns the next released datagram (empty ones too),
// truncated to p as a UDP socket does.
func (c *conn) readDatagram(s *stream, p []byte) (int, error) {
	if isClosed(c.closing) {
		return 0, c.closedErr("read")
	}
	if err := c.nextHead(s); err != nil {
		return 0, err
	}
	if err := c.deliverHead(); err != nil {
		return 0, err
	}
	n := copy(p, c.pending)
	c.pending = nil
	return n, nil
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
