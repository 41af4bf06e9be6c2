package atcmd

import (
	"context"
	"sync"
)

// item is one queued output: a URC, or raw bytes from EmitRaw.
type item struct {
	URC
	raw bool
}

// urcQueue is the ordered, byte-bounded queue of pending URCs and raw output.
type urcQueue struct {
	mu    sync.Mutex
	q     []item
	size  int
	max   int
	space chan struct{} // closed (and replaced) when space was freed
}

func (u *urcQueue) init(max int) { u.max = max; u.space = make(chan struct{}) }

// urcSize is what a URC costs in the queue: its bytes plus framing.
func urcSize(x item) int { return len(x.Line) + len(x.Data) + 6 }

// tryPush appends x if it fits (or the queue is empty, so that a URC larger
// than the bound still goes through alone) or force is set; otherwise it
// returns the channel to wait on.
func (u *urcQueue) tryPush(x item, force bool) (bool, chan struct{}) {
	u.mu.Lock()
	defer u.mu.Unlock()
	n := urcSize(x)
	if !force && u.size > 0 && u.size+n > u.max {
		return false, u.space
	}
	u.q = append(u.q, x)
	u.size += n
	return true, nil
}

// pop removes up to n URCs (all when n < 0) and wakes blocked Emit calls.
func (u *urcQueue) pop(n int) []item {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.q) == 0 {
		return nil
	}
	if n < 0 || n > len(u.q) {
		n = len(u.q)
	}
	out := make([]item, n)
	copy(out, u.q)
	k := copy(u.q, u.q[n:])
	clear(u.q[k:])
	u.q = u.q[:k]
	for _, x := range out {
		u.size -= urcSize(x)
	}
	close(u.space)
	u.space = make(chan struct{})
	return out
}

func (u *urcQueue) pending() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.q) > 0
}

// Emit queues a URC to be written at the next line boundary, after any
// command's final result, never inside data mode; URCs keep their order.
// Emit copies u.Data. While the queue holds more than Options.URCQueue bytes
// Emit blocks (backpressure, never a drop) until the engine drains it, ctx
// is done (ctx.Err()) or the engine is closed (ErrClosed). Called from a
// handler, After or Submit function with the context the engine gave it,
// Emit never blocks: the engine goroutine cannot drain the queue while it
// waits for itself.
func (e *Engine) Emit(ctx context.Context, u URC) error {
	if u.Data != nil {
		u.Data = append([]byte{}, u.Data...)
	}
	return e.enqueue(ctx, item{URC: u})
}

// EmitRaw queues bytes to be written to the host exactly as given, in order
// with URCs and under the same rules and backpressure as Emit: at line
// boundaries in command mode, at once in transparent mode. It serves data
// that the firmware writes unframed, such as received TCP payloads with
// AT+CIPHEAD=0 (§3.3) and transparent-mode traffic (§3.2 CIPMODE). EmitRaw
// copies b.
func (e *Engine) EmitRaw(ctx context.Context, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	return e.enqueue(ctx, item{URC: URC{Data: append([]byte{}, b...)}, raw: true})
}

func (e *Engine) enqueue(ctx context.Context, u item) error {
	force := e.onEngine(ctx)
	for {
		if e.isClosed() {
			return ErrClosed
		}
		ok, wait := e.urc.tryPush(u, force)
		if ok {
			e.signal()
			return nil
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return ctx.Err()
		case <-e.closed:
			return ErrClosed
		}
	}
}

// writeURCs writes every queued URC (engine goroutine, at a line boundary).
func (e *Engine) writeURCs() {
	for _, u := range e.urc.pop(-1) {
		e.writeURC(u)
	}
}

// writeOneURC writes the oldest queued URC, if any (Options.URCBetween).
func (e *Engine) writeOneURC() {
	for _, u := range e.urc.pop(1) {
		e.writeURC(u)
	}
}

// writeURC frames one URC: "\r\n<Line>\r\n", then Data and "\r\n" when Data
// is non-nil (§6; the +WSRECV payload form is the DESIGN.md extension).
// Under ATV0 the leading CRLF is left out, as for info text (inferred).
func (e *Engine) writeURC(u item) {
	if u.raw {
		e.st.out = append(e.st.out, u.Data...)
		e.maybeFlush()
		return
	}
	if e.st.cur.Verbose {
		e.crlf()
	}
	e.st.out = append(e.st.out, u.Line...)
	e.crlf()
	if u.Data != nil {
		e.st.out = append(e.st.out, u.Data...)
		e.crlf()
	}
	e.maybeFlush()
}

// dropURCs discards what is still queued when Serve returns.
func (e *Engine) dropURCs() {
	if n := len(e.urc.pop(-1)); n > 0 {
		e.log.Debug("atcmd: engine stopped with URCs queued", "dropped", n)
	}
}
