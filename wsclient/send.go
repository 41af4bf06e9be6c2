package wsclient

import (
	"errors"
	"fmt"
	"io"

	"github.com/coder/websocket"
)

// ErrBadOpcode is returned by Send in Spec mode for an opcode other than the
// seed's 0 (text) and 1 (binary).
var ErrBadOpcode = errors.New("wsclient: bad opcode")

// item is one accepted Send.
type item struct {
	data []byte
	fin  bool
	typ  websocket.MessageType
}

// Send queues one frame for the writer goroutine and returns at once.
//
// Spec (the seed's send(data, fin, opt)): opcode 0 is text and 1 binary;
// fin=false begins or continues a fragmented message, whose later pieces keep
// the first piece's type, and fin=true ends it. Deviation (anchors.md §C.1):
// coder/websocket cannot put data in the final frame, so the last piece goes
// out as a FIN=0 frame followed by an empty FIN=1 continuation frame, and
// non-final frames stay in its write buffer until the message ends.
//
// Firmware (§1.6): fin is ignored and every send is one FIN=1 frame; opcode 1
// selects binary and anything else text (the Lua layer passes the Lua call's
// third argument here); 65535 bytes or more is ErrTooLarge ("E/websocket pkg
// too large"). The firmware's silent uint16 truncation of longer strings is
// not reproduced.
//
// Errors, each meaning send() returned false: ErrNotReady (not connected,
// logs "I/websocket not ready yet"), ErrClosed (after Close), ErrTooLarge,
// ErrBadOpcode, ErrQueueFull (Options.SendQueue messages, or
// DefaultSendQueueBytes, already waiting). Every accepted Send gets one Sent
// event, or the connection's Error event whose Err is an *UnsentError
// counting it; data is copied.
func (c *Client) Send(data []byte, fin bool, opcode int) error {
	it, err := c.item(data, fin, opcode)
	c.mu.Lock()
	s, closed := c.cur, c.closed
	if err == nil && s != nil {
		err = s.enqueue(it)
	}
	c.mu.Unlock()
	switch {
	case closed:
		return ErrClosed
	case s == nil:
		c.logf("I/websocket not ready yet")
		return ErrNotReady
	case errors.Is(err, ErrTooLarge) && c.opts.Quirks == Firmware:
		c.logf("E/websocket pkg too large")
	}
	return err
}

// item validates a Send by the mode's rules and copies the data.
func (c *Client) item(data []byte, fin bool, opcode int) (item, error) {
	typ := websocket.MessageText
	if opcode == 1 {
		typ = websocket.MessageBinary
	}
	limit := MaxMessage
	if c.opts.Quirks == Firmware {
		fin, limit = true, FirmwareMaxSend-1
	} else if opcode != 0 && opcode != 1 {
		return item{}, fmt.Errorf("%w: %d (0 text, 1 binary)", ErrBadOpcode, opcode)
	}
	if len(data) > limit {
		return item{}, fmt.Errorf("%w: %d bytes, max %d", ErrTooLarge, len(data), limit)
	}
	return item{data: append([]byte(nil), data...), fin: fin, typ: typ}, nil
}

// enqueue adds it to the send queue; c.mu is held.
func (s *session) enqueue(it item) error {
	if s.pendingBytes > 0 && s.pendingBytes+len(it.data) > DefaultSendQueueBytes {
		return fmt.Errorf("%w: %d bytes waiting", ErrQueueFull, s.pendingBytes)
	}
	select {
	case s.queue <- it:
		s.pendingMsgs++
		s.pendingBytes += len(it.data)
		return nil
	default:
		return fmt.Errorf("%w: %d messages waiting", ErrQueueFull, cap(s.queue))
	}
}

// writeLoop owns the send side: it writes queued items in order, emits Sent
// after each write returned, and sends keepalive pings.
func (s *session) writeLoop() {
	defer s.wg.Done()
	var w io.WriteCloser // open fragmented message (Spec)
	ka := newKeepalive(s)
	defer ka.stop()
	for {
		select {
		case <-s.ctx.Done():
			s.partial = w != nil
			return
		case it := <-s.queue:
			if err := s.write(&w, it); err != nil {
				s.partial = w != nil
				s.fail(writeErrKind(err), err)
				return
			}
			if !s.sent(it) {
				return
			}
		case <-ka.timer.C:
			ka.fire()
		}
	}
}

// write puts one item on the wire: a whole message, or a piece of one.
func (s *session) write(w *io.WriteCloser, it item) error {
	if s.c.debugOn() {
		s.c.logf("D/websocket send len %d fin %d type %v", len(it.data), b2i(it.fin), it.typ)
	}
	if *w == nil && it.fin {
		return s.ws.Write(noCancel, it.typ, it.data)
	}
	if *w == nil {
		nw, err := s.ws.Writer(noCancel, it.typ)
		if err != nil {
			return err
		}
		*w = nw
	}
	if len(it.data) > 0 || !it.fin {
		if _, err := (*w).Write(it.data); err != nil {
			return err
		}
	}
	if !it.fin {
		return nil
	}
	err := (*w).Close()
	*w = nil
	return err
}

// sent accounts a written item and emits its Sent event. The firmware may
// coalesce several sends into one "sent" (§1.4); here each gets its own.
func (s *session) sent(it item) bool {
	s.c.mu.Lock()
	s.pendingMsgs--
	s.pendingBytes -= len(it.data)
	s.c.mu.Unlock()
	// The item is on the wire: its Sent must reach the consumer before the
	// session's Error even when the reader failed meanwhile (an oversize
	// echo), so it is emitted on the connect's context, not s.ctx.
	if !s.c.emit(s.parent, Event{Kind: Sent}) {
		return false
	}
	return s.ctx.Err() == nil
}
