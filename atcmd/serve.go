package atcmd

import (
	"context"
	"errors"
	"time"
)

// chunk is one rw.Read result handed from the reader goroutine to Serve.
type chunk struct {
	buf []byte // the whole buffer, returned to Engine.free after use
	n   int
	err error
}

var errServing = errors.New("atcmd: Serve already called")

// Serve runs the engine until ctx is done (it returns ctx.Err()), the stream
// fails (the read or write error, wrapped; io.EOF when the host side
// closed), or Close (ErrClosed). It may be called once. When Serve returns
// the engine is closed: queued URCs are dropped (logged) and Emit returns
// ErrClosed. The reader goroutine it starts exits when rw.Read returns.
func (e *Engine) Serve(ctx context.Context) error {
	e.mu.Lock()
	if e.served {
		e.mu.Unlock()
		return errServing
	}
	e.served = true
	if e.isClosed() {
		e.mu.Unlock()
		return ErrClosed
	}
	ctx, cancel := context.WithCancelCause(ctx)
	e.cancel = cancel
	e.mu.Unlock()
	defer cancel(nil)
	defer e.dropURCs() // after Close, so no Emit can slip in behind it
	defer e.Close()

	ctx = context.WithValue(ctx, engineKey{}, e)
	go e.readLoop()
	e.refresh()
	err := e.loop(ctx)
	if e.isClosed() && ctx.Err() != nil {
		return ErrClosed
	}
	return err
}

// readLoop is the reader goroutine: it reads into a free buffer and hands the
// result to Serve. It exits after a read error or, once the engine is
// closed, when its pending Read returns.
func (e *Engine) readLoop() {
	for {
		var b []byte
		select {
		case b = <-e.free:
		case <-e.closed:
			return
		}
		n, err := e.rw.Read(b)
		select {
		case e.chunks <- chunk{buf: b, n: n, err: err}:
		case <-e.closed:
			return
		}
		if err != nil {
			return
		}
	}
}

// loop is Serve's body: process input, write URCs at line boundaries, flush,
// then wait for the next event.
func (e *Engine) loop(ctx context.Context) error {
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	defer idle.Stop()
	e.st.tpTimer = time.NewTimer(time.Hour)
	e.st.tpTimer.Stop()
	defer e.st.tpTimer.Stop()
	for {
		e.processInput(ctx)
		if e.st.werr == nil && e.st.rerr != nil {
			e.flush()
			return errf("read", e.st.rerr)
		}
		e.runDeferred(ctx)
		e.urcsAtBoundary(idle)
		if err := e.flush(); err != nil {
			return err
		}
		select {
		case ch := <-e.chunks:
			e.setInput(ch)
		case <-e.wake:
		case s := <-e.submitCh:
			e.runSubmit(ctx, s)
		case <-idle.C:
			e.writeURCs()
		case <-e.st.tpTimer.C:
			e.tpTimeout(ctx)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// urcsAtBoundary writes queued URCs when the line buffer is empty; while a
// line is partly typed it arms idle to fire once the line has been idle for
// Options.URCIdle.
func (e *Engine) urcsAtBoundary(idle *time.Timer) {
	if !e.urc.pending() {
		return
	}
	if e.st.tp != nil || !e.st.line.active() {
		e.writeURCs()
		return
	}
	wait := e.opts.URCIdle - time.Since(e.st.lastIn)
	if wait <= 0 {
		e.writeURCs()
		return
	}
	idle.Reset(wait)
}

// setInput takes a chunk from the reader and reloads the settings snapshot.
func (e *Engine) setInput(ch chunk) {
	e.take(ch)
	e.refresh()
}

// take makes ch the unread input; the reader sends nothing after an error,
// so a chunk's error is the stream's last word.
func (e *Engine) take(ch chunk) {
	e.st.inBuf = ch.buf
	e.st.in = ch.buf[:ch.n]
	if ch.err != nil {
		e.st.rerr = ch.err
	}
	e.st.lastIn = time.Now()
}

// recycle returns the drained chunk buffer to the reader.
func (e *Engine) recycle() {
	if e.st.inBuf != nil && len(e.st.in) == 0 {
		e.free <- e.st.inBuf // cap 2, only two buffers exist: never blocks
		e.st.inBuf = nil
	}
}

// fill makes sure unread input is available, waiting for the reader if
// needed; used by data mode, which must not touch URCs or Submit.
func (e *Engine) fill(ctx context.Context) error {
	for len(e.st.in) == 0 {
		if e.st.rerr != nil {
			return e.st.rerr
		}
		e.recycle()
		if err := e.flush(); err != nil {
			return err
		}
		select {
		case ch := <-e.chunks:
			e.take(ch)
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-e.closed:
			return ErrClosed
		}
	}
	return nil
}

// processInput runs the line discipline over the unread input, executing
// each completed command line.
func (e *Engine) processInput(ctx context.Context) {
	for len(e.st.in) > 0 && e.st.werr == nil && ctx.Err() == nil {
		if e.st.tp != nil {
			e.tpFeed(ctx)
			continue
		}
		if n := e.st.line.plainRun(e.st.in, &e.st.cur); n > 0 {
			if e.st.cur.Echo {
				e.st.out = append(e.st.out, e.st.in[:n]...)
			}
			e.st.in = e.st.in[n:]
			continue
		}
		b := e.st.in[0]
		e.st.in = e.st.in[1:]
		ev, echo := e.st.line.feed(b, &e.st.cur)
		if echo && e.st.cur.Echo {
			e.st.out = append(e.st.out, b)
		}
		switch ev {
		case evLine:
			e.execLine(ctx, e.st.line.buf)
			e.st.line.reset()
		case evRepeat:
			e.st.line.reset()
			e.execLine(ctx, []byte(e.st.last))
		case evOverflow:
			e.log.Debug("atcmd: command line longer than MaxLine answered ERROR", "max", e.opts.MaxLine)
			e.st.line.reset()
			e.st.resp = response{}
			e.writeFinal(ErrError)
			e.writeURCs()
		}
	}
	e.recycle()
}
