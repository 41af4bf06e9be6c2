package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// TestEchoSubcommand: `air780emu echo -listen 127.0.0.1:0` serves the
// built-in echo server; a real websocket client gets /ws/echo2 text echoed
// unchanged; cancelling (SIGINT in the binary) stops it with exit 0.
func TestEchoSubcommand(t *testing.T) {
	out := newLineWriter()
	a := newApp(out, &syncBuffer{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, []string{"echo", "-listen", "127.0.0.1:0"}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("echo returned %v", err)
		}
	}()
	var url string
	select {
	case line := <-out.lines:
		f := strings.Fields(line) // echo server: ws://A/ws/echo ws://A/ws/echo2
		if len(f) != 4 || f[0] != "echo" || !strings.HasSuffix(f[3], "/ws/echo2") {
			t.Fatalf("line %q", line)
		}
		url = f[3]
	case <-time.After(5 * time.Second):
		t.Fatal("no echo server line")
	}
	dctx, dcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer dcancel()
	c, _, err := websocket.Dial(dctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if err := c.Write(dctx, websocket.MessageText, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	typ, data, err := c.Read(dctx)
	if err != nil || typ != websocket.MessageText || string(data) != "hello" {
		t.Fatalf("echo: %v %q %v", typ, data, err)
	}
	c.Close(websocket.StatusNormalClosure, "")
}

// TestEchoCheck: `echo -check` validates and prints without binding.
func TestEchoCheck(t *testing.T) {
	var out syncBuffer
	a := newApp(&out, &syncBuffer{})
	a.startEcho = func(string) (echoServer, error) { t.Fatal("echo -check bound a port"); return nil, nil }
	if err := a.run(context.Background(), []string{"echo", "-listen", "0.0.0.0:8081", "-check"}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "listen: 0.0.0.0:8081\n" {
		t.Fatalf("output %q", out.String())
	}
}
