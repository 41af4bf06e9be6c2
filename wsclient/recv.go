package wsclient

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/coder/websocket"
)

// errTooBig is the Firmware-quirk receive cap (§1.7).
var errTooBig = errors.New("wsclient: received message over the receive limit")

// noCancel is the context of the connection's reads and writes. The session
// ends them by closing the connection (run calls CloseNow), so they need no
// cancellable context, and coder/websocket arms a timer per frame for one
// that has a Done channel (measured: about 8% of an echo round trip).
var noCancel = context.Background()

// readLoop owns the receive side: one message at a time, handed out as
// Recv events. Control frames never reach it: coder/websocket answers pings
// with a pong carrying the same payload (as the firmware, §1.7) and ignores
// pongs. A blocked Events consumer blocks this loop, so the socket is not
// read and TCP pushes back on the server.
func (s *session) readLoop() {
	defer s.wg.Done()
	for {
		typ, r, err := s.ws.Reader(noCancel)
		if err != nil {
			s.fail(readErrKind(err), err)
			return
		}
		op := 1
		if typ == websocket.MessageBinary {
			op = 2
		}
		if s.c.opts.Quirks == Firmware {
			err = s.readWhole(r, op)
		} else {
			err = s.readPieces(r, op)
		}
		if err != nil {
			s.fail(readErrKind(err), err)
			return
		}
	}
}

// readPieces (Spec) delivers a message in pieces of at most RecvMax bytes:
// the first with opcode 1 or 2, the rest with opcode 0, Fin only on the last.
// It reads one piece ahead into the session's two scratch buffers to know
// which piece is last, so memory stays at two pieces whatever the message
// size; each event gets its own exact-size copy.
func (s *session) readPieces(r io.Reader, op int) error {
	cur, next := s.scratch(0), s.scratch(1)
	n, err := io.ReadFull(r, cur)
	for {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return s.recv(clone(cur[:n]), true, op)
		}
		if err != nil {
			return err
		}
		m, err2 := io.ReadFull(r, next)
		if m == 0 && err2 == io.EOF {
			return s.recv(clone(cur), true, op)
		}
		if err := s.recv(clone(cur), false, op); err != nil {
			return err
		}
		cur, next, n, err, op = next, cur, m, err2, 0
	}
}

// readWhole (Firmware) delivers a message of up to RecvMax bytes as one Recv
// with Fin set; a larger one is the firmware's "payload over the max" error
// (§1.7): Error{rx}, Disconnect, and the connection closed without a close
// frame. Deviation: the firmware applies the cap per frame and delivers each
// frame of a fragmented message as its own event; coder/websocket reads
// whole messages, so here the cap applies to the message and fragments
// arrive joined.
func (s *session) readWhole(r io.Reader, op int) error {
	max := s.c.opts.RecvMax
	buf := s.scratch(0)[:max+1]
	n, err := io.ReadFull(r, buf)
	if err == nil {
		s.c.logf("E/websocket websocket payload is too large!!! > %d", max)
		return fmt.Errorf("%w: more than %d bytes", errTooBig, max)
	}
	if err != io.EOF && err != io.ErrUnexpectedEOF {
		return err
	}
	return s.recv(clone(buf[:n]), true, op)
}

// scratch returns the reader's i-th scratch buffer of RecvMax bytes (with
// one spare byte of capacity for readWhole), allocated on first use.
func (s *session) scratch(i int) []byte {
	if s.rbuf[i] == nil {
		s.rbuf[i] = make([]byte, s.c.opts.RecvMax, s.c.opts.RecvMax+1)
	}
	return s.rbuf[i]
}

func clone(b []byte) []byte { return append(make([]byte, 0, len(b)), b...) }

// recv emits one Recv event; an error means the session ended meanwhile.
func (s *session) recv(data []byte, fin bool, op int) error {
	if s.c.debugOn() {
		s.c.logf("D/websocket recv len %d fin %d opcode %d", len(data), b2i(fin), op)
	}
	if !s.c.emit(s.ctx, Event{Kind: Recv, Data: data, Fin: fin, Opcode: op}) {
		return s.ctx.Err()
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
