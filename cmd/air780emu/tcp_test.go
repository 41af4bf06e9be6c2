package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

func dialHost(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(5 * time.Second))
	return c
}

// TestTCPOneHostAtATime: the first host is served; a second concurrent one
// gets the busy message and EOF; after the first leaves, the next host is
// served on the same module.
func TestTCPOneHostAtATime(t *testing.T) {
	r := startApp(t, fakeApp(), "-port", "tcp://127.0.0.1:0", "-seed", "1")
	first := dialHost(t, r.Addr)
	defer first.Close()
	io.WriteString(first, "AT\r")
	if got := readN(t, first, 6, 2*time.Second); string(got) != "\r\nOK\r\n" {
		t.Fatalf("first host got %q", got)
	}
	second := dialHost(t, r.Addr)
	all, err := io.ReadAll(second)
	second.Close()
	if err != nil || string(all) != busyMessage {
		t.Fatalf("second host got %q (%v), want %q then EOF", all, err, busyMessage)
	}
	io.WriteString(first, "AT\r") // the first host is undisturbed
	if got := readN(t, first, 6, 2*time.Second); string(got) != "\r\nOK\r\n" {
		t.Fatalf("first host after busy got %q", got)
	}
	first.Close()
	third := connectWhenFree(t, r.Addr)
	defer third.Close()
	io.WriteString(third, "AT\r")
	if got := readN(t, third, 6, 2*time.Second); string(got) != "\r\nOK\r\n" {
		t.Fatalf("third host got %q", got)
	}
}

// connectWhenFree dials until the port has noticed the previous host left
// (the module learns of a hang-up only on its next read).
func connectWhenFree(t *testing.T, addr string) net.Conn {
	t.Helper()
	for i := 0; i < 100; i++ {
		c := dialHost(t, addr)
		c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		b, err := bufio.NewReader(c).Peek(1)
		if len(b) == 0 && isTimeout(err) {
			c.SetDeadline(time.Now().Add(5 * time.Second))
			return c // attached: nothing was said to us
		}
		c.Close()
	}
	t.Fatal("port never became free")
	return nil
}

// TestTCPWriteWithoutHost: module output with no host attached is
// discarded without blocking, and a later host sees only what follows.
func TestTCPWriteWithoutHost(t *testing.T) {
	p, err := listenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if n, err := p.Write([]byte("RDY\r\n")); n != 5 || err != nil {
		t.Fatalf("Write with no host: %d, %v", n, err)
	}
	c := dialHost(t, p.Addr())
	defer c.Close()
	// Attachment is asynchronous: a Read by the module waits for it.
	io.WriteString(c, "x")
	if got := readN(t, p, 1, 2*time.Second); string(got) != "x" {
		t.Fatalf("module read %q", got)
	}
	p.Write([]byte("\r\nOK\r\n"))
	if got := readN(t, c, 6, 2*time.Second); string(got) != "\r\nOK\r\n" {
		t.Fatalf("host got %q, want only the output after it attached", got)
	}
}

// TestTCPCloseUnblocks: Close returns a Read waiting for a host, and later
// calls fail with net.ErrClosed; Close is idempotent.
func TestTCPCloseUnblocks(t *testing.T) {
	p, err := listenTCP(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := p.Read(make([]byte, 8))
		done <- err
	}()
	p.Close()
	select {
	case err := <-done:
		if err != net.ErrClosed {
			t.Fatalf("Read after Close: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Read still blocked after Close")
	}
	if _, err := p.Write([]byte("x")); err != net.ErrClosed {
		t.Fatalf("Write after Close: %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := net.DialTimeout("tcp", p.Addr(), time.Second); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("dial after Close: %v, want refused", err)
	}
}
