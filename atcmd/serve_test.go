package atcmd_test

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

func TestSubmit(t *testing.T) {
	h := atcmdtest.Start(t, nil, nil)
	ran := false
	err := h.Engine.Submit(context.Background(), func(ctx context.Context) {
		ran = true // the engine goroutine; Submit waits for it
		h.Engine.Emit(ctx, atcmd.URC{Line: "+FROM-SUBMIT"})
	})
	if err != nil || !ran {
		t.Fatalf("Submit: %v ran=%v", err, ran)
	}
	h.Expect("\r\n+FROM-SUBMIT\r\n")
}

func TestSubmitFromHandlerRunsAfterLine(t *testing.T) {
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("+LATER", func(ctx context.Context, c *atcmd.Cmd) error {
			return e.Submit(ctx, func(ctx context.Context) { e.Emit(ctx, atcmd.URC{Line: "+LATER: done"}) })
		})
	})
	h.Exchange("AT+LATER\r", "AT+LATER\r\r\nOK\r\n\r\n+LATER: done\r\n")
}

func TestSubmitCtx(t *testing.T) {
	e := atcmd.New(struct{ io.ReadWriter }{}, nil) // never served
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := e.Submit(ctx, func(context.Context) {}); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

func TestServeTwiceAndCtx(t *testing.T) {
	dce, dte := net.Pipe()
	defer dte.Close()
	e := atcmd.New(dce, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Serve(ctx) }()
	d := atcmdtest.NewDTE(dte)
	if err := d.Send("AT\r"); err != nil {
		t.Fatal(err)
	}
	if err := d.Expect("AT\r\r\nOK\r\n"); err != nil {
		t.Fatal(err)
	}
	if err := e.Serve(ctx); err == nil {
		t.Fatal("second Serve returned nil")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Serve: %v", err)
	}
	dce.Close() // ends the reader goroutine
	d.Close()
}

func TestServeEOF(t *testing.T) {
	dce, dte := net.Pipe()
	defer dce.Close()
	e := atcmd.New(dce, nil)
	done := make(chan error, 1)
	go func() { done <- e.Serve(context.Background()) }()
	d := atcmdtest.NewDTE(dte)
	d.Send("AT\r")
	if err := d.Expect("AT\r\r\nOK\r\n"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if err := <-done; !errors.Is(err, io.EOF) {
		t.Fatalf("Serve after host close: %v, want io.EOF", err)
	}
}

// failWriter reads "AT\r" once, then blocks; every write fails.
type failWriter struct{ in chan []byte }

func (f failWriter) Read(p []byte) (int, error) {
	b, ok := <-f.in
	if !ok {
		return 0, io.EOF
	}
	return copy(p, b), nil
}
func (f failWriter) Write(p []byte) (int, error) { return 0, errors.New("port gone") }

func TestServeWriteError(t *testing.T) {
	f := failWriter{in: make(chan []byte, 1)}
	f.in <- []byte("AT\r")
	e := atcmd.New(f, nil)
	err := e.Serve(context.Background())
	close(f.in)
	if err == nil || err.Error() != "atcmd: write: port gone" {
		t.Fatalf("Serve: %v", err)
	}
}

// TestRealSocket runs the engine over a real TCP connection on 127.0.0.1:
// commands, data mode and a URC.
func TestRealSocket(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server := <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	e := atcmd.New(server, nil)
	testHandlers(e)
	dataHandlers(nil)(e)
	done := make(chan error, 1)
	go func() { done <- e.Serve(context.Background()) }()
	d := atcmdtest.NewDTE(client)
	steps := []struct{ send, want string }{
		{"AT\r\n", "AT\r\r\nOK\r\n"},
		{"AT+CSQ;+CREG?\r", "AT+CSQ;+CREG?\r\r\n+CSQ: 24,0\r\n\r\n+CREG: 0,1\r\n\r\nOK\r\n"},
		{"AT+SEND=5\r\nhello", "AT+SEND=5\r\r\n> hello\r\n+SEND: 5,\"hello\"\r\n\r\nOK\r\n"},
		{"AT+SEND\rx\x1a", "AT+SEND\r\r\n> x\r\n+SEND: 1,\"x\"\r\n\r\nOK\r\n"},
	}
	for _, s := range steps {
		if err := d.Send(s.send); err != nil {
			t.Fatal(err)
		}
		if err := d.Expect(s.want); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Emit(context.Background(), atcmd.URC{Line: "+CEREG: 1"}); err != nil {
		t.Fatal(err)
	}
	if err := d.Expect("\r\n+CEREG: 1\r\n"); err != nil {
		t.Fatal(err)
	}
	d.Close() // client closes: Serve sees EOF
	if err := <-done; !errors.Is(err, io.EOF) {
		t.Fatalf("Serve: %v", err)
	}
	server.Close()
}

// TestConcurrentUse exercises the methods other goroutines may call while
// Serve runs (for -race): Settings, SetSettings, Handle, Emit, Submit.
func TestConcurrentUse(t *testing.T) {
	h := atcmdtest.Start(t, nil, testHandlers)
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			s := h.Engine.Settings()
			h.Engine.SetSettings(s)
			h.Engine.Handle("+X", func(ctx context.Context, c *atcmd.Cmd) error { return nil })
			h.Engine.Submit(context.Background(), func(context.Context) {})
		}
	}()
	for range 50 {
		h.Exchange("AT+CSQ\r", "AT+CSQ\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n")
	}
	close(stop)
	<-done
}

func TestCloseDuringDataMode(t *testing.T) {
	errc := make(chan error, 1)
	h := atcmdtest.Start(t, nil, dataHandlers(nil))
	h.Engine.Handle("+WAIT", func(ctx context.Context, c *atcmd.Cmd) error {
		_, err := c.Data(ctx, 10)
		errc <- err
		return err
	})
	h.Exchange("AT+WAIT\r", "AT+WAIT\r\r\n> ")
	h.Send("abc")
	h.Expect("abc") // echoed, 7 bytes still missing
	h.Engine.Close()
	if err := <-errc; !errors.Is(err, atcmd.ErrClosed) {
		t.Fatalf("Data after Close: %v", err)
	}
	if err := h.Wait(); !errors.Is(err, atcmd.ErrClosed) {
		t.Fatalf("Serve: %v", err)
	}
}
