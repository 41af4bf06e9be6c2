package wsclient

import (
	"context"
	"time"
)

// supervisor is one connect loop: a connection, then reconnects while
// autoreconn is on. A new Connect replaces it.
type supervisor struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// Connect starts an asynchronous connect (wsc:connect(), §1.5): it closes any
// existing connection of this client without events, as the firmware closes
// its socket, logs "I/websocket connect host H port P" synchronously (the
// line is in the log when Connect returns, as the firmware logs it inside
// connect()) and returns true; the outcome arrives as events (Conack, or
// Error then Disconnect). It returns false only after Close.
func (c *Client) Connect() bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false
	}
	old := c.sup
	if old != nil {
		old.cancel() // close the old socket now; supervise waits for it to end
	}
	c.cur = nil
	ctx, cancel := context.WithCancel(c.ctx)
	s := &supervisor{cancel: cancel, done: make(chan struct{})}
	c.sup = s
	c.wg.Add(1)
	c.mu.Unlock()
	// Outside c.mu, so that Options.Logf may call back into the client.
	c.logConnect()
	go c.supervise(ctx, s, old)
	return true
}

// logConnect logs the line the firmware logs in connect() (§1.5): at Connect,
// and for autoreconnect when the reconnect timer fires and connect is re-run.
func (c *Client) logConnect() {
	c.logf("I/websocket connect host %s port %d", c.target.Host, c.target.Port)
}

// supervise runs connections until ctx ends or autoreconn is off. The first
// connection's line was logged by Connect; each reconnect logs its own when
// the timer fires.
func (c *Client) supervise(ctx context.Context, s, old *supervisor) {
	defer c.wg.Done()
	defer close(s.done)
	defer s.cancel()
	if old != nil {
		old.cancel()
		<-old.done
	}
	for {
		c.runSession(ctx, s)
		d := c.reconnectInterval()
		if ctx.Err() != nil || d == 0 {
			return
		}
		c.logf("I/websocket reconnect after %dms", d.Milliseconds())
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if ctx.Err() != nil || c.reconnectInterval() == 0 {
			return
		}
		c.logConnect()
	}
}

func (c *Client) reconnectInterval() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reconn
}

// runSession makes one connection and serves it until it ends, then emits
// Error and Disconnect unless ctx ended first (Close, or a newer Connect).
func (c *Client) runSession(ctx context.Context, sup *supervisor) {
	sctx, scancel := context.WithCancel(ctx)
	defer scancel()
	act := newActivity()
	ws, err := c.dial(sctx, act)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		kind := c.dialFailed(err)
		c.emit(ctx, Event{Kind: Error, ErrKind: kind, Err: err})
		c.emit(ctx, Event{Kind: Disconnect})
		return
	}
	s := newSession(c, ws, ctx, sctx, scancel, act)
	c.mu.Lock()
	current := c.sup == sup && ctx.Err() == nil
	if current {
		c.cur = s
	}
	c.mu.Unlock()
	if !current {
		ws.CloseNow()
		return
	}
	c.logf("I/websocket ready!!")
	if !c.emit(ctx, Event{Kind: Conack}) {
		s.fail(KindConnect, ctx.Err())
	}
	s.run()
	if ctx.Err() != nil {
		return
	}
	c.emit(ctx, Event{Kind: Error, ErrKind: s.kind, Err: s.cause()})
	c.emit(ctx, Event{Kind: Disconnect})
}
