package atcmd

import "context"

// submission is one Submit call waiting for the engine goroutine.
type submission struct {
	fn   func(context.Context)
	done chan struct{}
}

// Submit runs fn on the engine goroutine between command lines, with the
// engine's context, and waits until it has run. It returns ctx.Err() if ctx
// ends first (fn may still run later) and ErrClosed if the engine stops
// first. Called from a handler, After or Submit function with the context
// the engine gave it, Submit queues fn to run after the current line and
// returns nil at once.
func (e *Engine) Submit(ctx context.Context, fn func(ctx context.Context)) error {
	if e.onEngine(ctx) {
		e.mu.Lock()
		e.deferred = append(e.deferred, fn)
		e.mu.Unlock()
		e.signal()
		return nil
	}
	s := &submission{fn: fn, done: make(chan struct{})}
	select {
	case e.submitCh <- s:
	case <-ctx.Done():
		return ctx.Err()
	case <-e.closed:
		return ErrClosed
	}
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// runSubmit runs one submitted function (engine goroutine).
func (e *Engine) runSubmit(ctx context.Context, s *submission) {
	defer close(s.done)
	e.runUser(ctx, s.fn)
}

// runDeferred runs functions submitted from engine code (engine goroutine).
func (e *Engine) runDeferred(ctx context.Context) {
	for {
		e.mu.Lock()
		fns := e.deferred
		e.deferred = nil
		e.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, fn := range fns {
			e.runUser(ctx, fn)
		}
	}
}

func (e *Engine) runUser(ctx context.Context, fn func(context.Context)) {
	e.inUser.Store(true)
	defer func() { e.inUser.Store(false); e.refresh() }()
	e.safe("Submit", func() { fn(ctx) })
}
