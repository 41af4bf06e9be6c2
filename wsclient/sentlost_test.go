package wsclient

import (
	"bytes"
	"context"
	"errors"
	"net"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestSentNotLostWhenReaderFails: a message written while the consumer is
// behind (Events full) gets its Sent even if the reader then fails (here the
// Firmware-quirk oversize echo): Sent, then error(rx), disconnect. Before the
// fix the writer emitted Sent on the session context, which the reader's
// failure cancels, so the Sent of a message that was on the wire was dropped
// and the Error's Err did not count it as unsent either.
func TestSentNotLostWhenReaderFails(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{Quirks: Firmware})
	connect(t, c)
	// Fill the event buffer exactly: each small echo is one sent and one recv.
	for i := 0; i < eventBuffer/2; {
		switch err := c.Send([]byte("f"), true, 0); {
		case err == nil:
			i++
		case errors.Is(err, ErrQueueFull):
			time.Sleep(time.Millisecond)
		default:
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(waitEvent)
	for len(c.Events()) < eventBuffer {
		if time.Now().After(deadline) {
			t.Fatalf("event buffer holds %d, want %d", len(c.Events()), eventBuffer)
		}
		time.Sleep(time.Millisecond)
	}
	// Written at once; its Sent waits for room; the echo (over RecvMax)
	// fails the reader meanwhile.
	if err := c.Send(bytes.Repeat([]byte("x"), DefaultRecvMax+100), true, 0); err != nil {
		t.Fatal(err)
	}
	waitFor := time.Now().Add(waitEvent)
	for c.Ready() && time.Now().Before(waitFor) {
		time.Sleep(time.Millisecond)
	}
	for range eventBuffer {
		next(t, c)
	}
	evs := expect(t, c, "sent", "error(rx)", "disconnect")
	if _, ok := errorsAs[*UnsentError](evs[1].Err); ok {
		t.Fatalf("error(rx) counts unsent messages: %v", evs[1].Err)
	}
}

// resetConn fails writes with ECONNRESET once reset is set, as netif does
// for every connection of an interface that goes down.
type resetConn struct {
	net.Conn
	reset *atomic.Bool
}

func (c resetConn) Write(p []byte) (int, error) {
	if c.reset.Load() {
		return 0, &net.OpError{Op: "write", Net: "tcp", Err: syscall.ECONNRESET}
	}
	return c.Conn.Write(p)
}

// TestWriteResetIsConnect: a write that fails because the connection was
// reset (the link went down) is error(connect), the kind the reader reports
// for the same loss; before, the writer reported "tx" whenever it noticed
// the loss first, so the kind of an outage depended on timing.
func TestWriteResetIsConnect(t *testing.T) {
	srv := echoServer(t, nil)
	var reset atomic.Bool
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return resetConn{Conn: c, reset: &reset}, nil
	}
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{Dial: dial})
	connect(t, c)
	reset.Store(true)
	if err := c.Send([]byte("lost"), true, 0); err != nil {
		t.Fatal(err)
	}
	evs := expect(t, c, "error(connect)", "disconnect")
	if !errors.Is(evs[0].Err, syscall.ECONNRESET) {
		t.Fatalf("err %v", evs[0].Err)
	}
}
