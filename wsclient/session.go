package wsclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/coder/websocket"
)

// session is one established connection: a reader goroutine that owns the
// receive side, a writer goroutine that owns the send side and the keepalive,
// and at most one ping goroutine. The first failure wins and ends all three.
type session struct {
	c      *Client
	ws     *websocket.Conn
	ctx    context.Context
	cancel context.CancelFunc
	parent context.Context // the connect's context: ends on Close or a newer Connect
	act    *activity
	queue  chan item
	wg     sync.WaitGroup

	pinging atomic.Bool
	rbuf    [2][]byte // reader's scratch buffers (readLoop only)

	once sync.Once
	kind string
	err  error

	// Under c.mu: messages and bytes accepted by Send and not yet written.
	pendingMsgs, pendingBytes int
	partial                   bool // a fragmented message was left open (writer only)
}

func newSession(c *Client, ws *websocket.Conn, parent, ctx context.Context, cancel context.CancelFunc, act *activity) *session {
	return &session{
		c: c, ws: ws, ctx: ctx, cancel: cancel, parent: parent, act: act,
		queue: make(chan item, c.opts.SendQueue),
	}
}

// run serves the connection until it fails or its context ends, then closes
// it (no close frame, like the firmware's force close) and waits for every
// goroutine of the session.
func (s *session) run() {
	s.wg.Add(2)
	go s.readLoop()
	go s.writeLoop()
	<-s.ctx.Done()
	s.ws.CloseNow()
	s.wg.Wait()
	s.c.mu.Lock()
	if s.c.cur == s {
		s.c.cur = nil
	}
	s.c.mu.Unlock()
}

// fail records the first failure, makes the client not ready at once (so
// Send returns ErrNotReady) and ends the session.
func (s *session) fail(kind string, err error) {
	s.once.Do(func() {
		s.kind, s.err = kind, err
		s.c.mu.Lock()
		if s.c.cur == s {
			s.c.cur = nil
		}
		s.c.mu.Unlock()
		if s.ctx.Err() == nil {
			s.logFailure(kind)
			s.c.debugf("D/websocket %s error: %v", kind, err)
		}
		s.cancel()
	})
}

// logFailure writes the firmware's line for the failure (§1.12; which line
// goes with which path is inferred from the source descriptions).
func (s *session) logFailure(kind string) {
	switch kind {
	case KindTx:
		s.c.logf("I/websocket send pkg err -1 , close socket")
	case KindRx:
		s.c.logf("W/websocket websocket_parse ret -1")
	default:
		s.c.logf("W/websocket websocket_callback param1 -1, closing socket")
	}
}

// cause is the error of the Error event: the failure, wrapped in an
// UnsentError when accepted messages were never written.
func (s *session) cause() error {
	s.c.mu.Lock()
	n, b := s.pendingMsgs, s.pendingBytes
	s.c.mu.Unlock()
	if n == 0 && !s.partial {
		return s.err
	}
	return &UnsentError{Messages: n, Bytes: b, Partial: s.partial, Err: s.err}
}

// UnsentError is the Err of an Error event when the connection ended with
// messages that Send had accepted but that were never written: they are
// discarded, and this says how many. Partial means a fragmented message
// (Spec, fin=false) was begun on the wire and never finished.
type UnsentError struct {
	Messages, Bytes int
	Partial         bool
	Err             error
}

func (e *UnsentError) Error() string {
	s := fmt.Sprintf("%v; %d queued message(s), %d bytes, not sent", e.Err, e.Messages, e.Bytes)
	if e.Partial {
		s += "; a fragmented message was left unfinished"
	}
	return s
}

func (e *UnsentError) Unwrap() error { return e.Err }

// writeErrKind maps a send-side error to the event kind of §1.4. The
// connection being reset or the link going away is "connect", as on the
// receive side: the firmware learns of it from the network layer's event,
// not from network_tx, and the reader, which sees the same loss, must not
// report a different kind just because the writer noticed first. Any other
// write failure is "tx".
func writeErrKind(err error) string {
	for _, e := range []syscall.Errno{syscall.ECONNRESET, syscall.ECONNABORTED, syscall.ENETDOWN,
		syscall.ENETUNREACH, syscall.EHOSTUNREACH, syscall.ETIMEDOUT} {
		if errors.Is(err, e) {
			return KindConnect
		}
	}
	return KindTx
}

// readErrKind maps a receive-side error to the event kind of §1.4: a close
// frame or a protocol violation is "rx"; the TCP connection closing, being
// reset or the link going away is "connect".
func readErrKind(err error) string {
	if websocket.CloseStatus(err) != -1 || errors.Is(err, errTooBig) {
		return KindRx
	}
	var op *net.OpError
	var errno syscall.Errno
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.As(err, &op) || errors.As(err, &errno) {
		return KindConnect
	}
	return KindRx
}
