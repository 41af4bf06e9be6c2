package netif

import (
	"net"
	"time"
)

// The up direction of the staged path: Write produces, runUp delivers.

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
	c.raw.SetWriteDeadline(time.Time{}) // the pipeline's goroutine owns the socket now
	c.wdl.set(c.wdlAt)
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
		c.fail(err) // the peer reset or closed: later calls report err
		return false
	}
	return true
}
