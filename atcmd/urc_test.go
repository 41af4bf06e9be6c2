package atcmd_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

func emit(t *testing.T, e *atcmd.Engine, u atcmd.URC) {
	t.Helper()
	if err := e.Emit(context.Background(), u); err != nil {
		t.Fatal(err)
	}
}

func TestURCIdle(t *testing.T) {
	h := atcmdtest.Start(t, nil, nil)
	emit(t, h.Engine, atcmd.URC{Line: "RDY"})
	h.Expect("\r\nRDY\r\n")
	emit(t, h.Engine, atcmd.URC{Line: "+WSRECV: 0,5,1,1", Data: []byte("hel\x00o")})
	h.Expect("\r\n+WSRECV: 0,5,1,1\r\nhel\x00o\r\n")
}

// TestURCOrderAfterResponse: URCs emitted while a command runs follow its
// final result, in order, never inside it.
func TestURCOrderAfterResponse(t *testing.T) {
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("+SLOW", func(ctx context.Context, c *atcmd.Cmd) error {
			c.Info("+SLOW: 1")
			for i := range 3 {
				// Emitted from another goroutine, mid-response.
				done := make(chan error)
				go func() { done <- e.Emit(context.Background(), atcmd.URC{Line: fmt.Sprintf("+U: %d", i)}) }()
				if err := <-done; err != nil {
					return err
				}
			}
			c.Info("+SLOW: 2")
			return nil
		})
	})
	h.Exchange("AT+SLOW\r", "AT+SLOW\r\r\n+SLOW: 1\r\n+SLOW: 2\r\n\r\nOK\r\n\r\n+U: 0\r\n\r\n+U: 1\r\n\r\n+U: 2\r\n")
}

func TestURCBetween(t *testing.T) {
	release := make(chan struct{})
	h := atcmdtest.Start(t, &atcmd.Options{URCBetween: true}, func(e *atcmd.Engine) {
		e.Handle("+SLOW", func(ctx context.Context, c *atcmd.Cmd) error {
			<-release
			c.Info("+SLOW: 1")
			c.Info("+SLOW: 2")
			return nil
		})
	})
	h.Send("AT+SLOW\r")
	h.Expect("AT+SLOW\r")
	emit(t, h.Engine, atcmd.URC{Line: "+U: 1"})
	emit(t, h.Engine, atcmd.URC{Line: "+U: 2"})
	close(release)
	h.Expect("\r\n+SLOW: 1\r\n\r\n+U: 1\r\n+SLOW: 2\r\n\r\nOK\r\n\r\n+U: 2\r\n")
	// Without a pending URC the response is unchanged.
	h.Exchange("AT+SLOW\r", "AT+SLOW\r\r\n+SLOW: 1\r\n+SLOW: 2\r\n\r\nOK\r\n")
}

// TestURCHeldByPartialLine: a partly typed line holds URCs back until it
// ends, or until it has been idle for URCIdle.
func TestURCHeldByPartialLine(t *testing.T) {
	h := atcmdtest.Start(t, &atcmd.Options{URCIdle: time.Hour}, nil)
	h.Exchange("AT", "AT")
	emit(t, h.Engine, atcmd.URC{Line: "+U: 1"})
	h.Exchange("\r", "\r\r\nOK\r\n\r\n+U: 1\r\n")

	h2 := atcmdtest.Start(t, &atcmd.Options{URCIdle: 20 * time.Millisecond}, nil)
	start := time.Now() // before the line's last byte arrives
	h2.Exchange("AT", "AT")
	emit(t, h2.Engine, atcmd.URC{Line: "+U: 2"})
	h2.Expect("\r\n+U: 2\r\n")
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Fatalf("URC written after %v, before URCIdle", d)
	}
	h2.Exchange("\r", "\r\r\nOK\r\n")
}

func TestEmitBackpressure(t *testing.T) {
	release := make(chan struct{})
	h := atcmdtest.Start(t, &atcmd.Options{URCQueue: 20}, func(e *atcmd.Engine) {
		e.Handle("+BLOCK", func(ctx context.Context, c *atcmd.Cmd) error { <-release; return nil })
	})
	h.Exchange("AT+BLOCK\r", "AT+BLOCK\r")
	emit(t, h.Engine, atcmd.URC{Line: "+U: 0123456"}) // 17 bytes: fits
	blocked := make(chan error, 1)
	go func() { blocked <- h.Engine.Emit(context.Background(), atcmd.URC{Line: "+U: 2"}) }()

	// A full queue blocks; a cancelled ctx returns ctx.Err().
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := h.Engine.Emit(ctx, atcmd.URC{Line: "+U: 3"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Emit on full queue: %v, want DeadlineExceeded", err)
	}
	select {
	case err := <-blocked:
		t.Fatalf("Emit returned %v while the queue was full", err)
	default:
	}
	close(release)
	h.Expect("\r\nOK\r\n\r\n+U: 0123456\r\n")
	if err := <-blocked; err != nil {
		t.Fatal(err)
	}
	h.Expect("\r\n+U: 2\r\n")
}

func TestEmitOversizedAlone(t *testing.T) {
	h := atcmdtest.Start(t, &atcmd.Options{URCQueue: 8}, nil)
	emit(t, h.Engine, atcmd.URC{Line: "+A-LONG-URC-LINE"})
	h.Expect("\r\n+A-LONG-URC-LINE\r\n")
}

func TestEmitFromHandlerDoesNotDeadlock(t *testing.T) {
	h := atcmdtest.Start(t, &atcmd.Options{URCQueue: 10}, func(e *atcmd.Engine) {
		e.Handle("+MANY", func(ctx context.Context, c *atcmd.Cmd) error {
			for i := range 5 {
				if err := e.Emit(ctx, atcmd.URC{Line: fmt.Sprintf("+U: %d", i)}); err != nil {
					return err
				}
			}
			return nil
		})
	})
	h.Exchange("AT+MANY\r", "AT+MANY\r\r\nOK\r\n\r\n+U: 0\r\n\r\n+U: 1\r\n\r\n+U: 2\r\n\r\n+U: 3\r\n\r\n+U: 4\r\n")
}

func TestCloseUnblocksEmitAndServe(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	h := atcmdtest.Start(t, &atcmd.Options{URCQueue: 10}, func(e *atcmd.Engine) {
		e.Handle("+BLOCK", func(ctx context.Context, c *atcmd.Cmd) error {
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil
		})
	})
	h.Exchange("AT+BLOCK\r", "AT+BLOCK\r")
	emit(t, h.Engine, atcmd.URC{Line: "+U: 1"})
	blocked := make(chan error, 1)
	go func() { blocked <- h.Engine.Emit(context.Background(), atcmd.URC{Line: "+U: 2"}) }()
	h.Engine.Close()
	h.Engine.Close() // idempotent
	if err := <-blocked; !errors.Is(err, atcmd.ErrClosed) {
		t.Fatalf("Emit after Close: %v", err)
	}
	if err := h.Wait(); !errors.Is(err, atcmd.ErrClosed) {
		t.Fatalf("Serve after Close: %v", err)
	}
	if err := h.Engine.Emit(context.Background(), atcmd.URC{Line: "x"}); !errors.Is(err, atcmd.ErrClosed) {
		t.Fatalf("Emit on closed engine: %v", err)
	}
	if err := h.Engine.Submit(context.Background(), func(context.Context) {}); !errors.Is(err, atcmd.ErrClosed) {
		t.Fatalf("Submit on closed engine: %v", err)
	}
}
