package wsclient

import (
	"context"
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// The tests below check the event order of every failure path of
// luatos-semantics.md §1.4 against real servers on 127.0.0.1.

// TestRefused: TCP refused → error(connect), disconnect, nothing else.
func TestRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := mustCreate(t, "ws://"+addr+"/x", nil)
	if !c.Connect() {
		t.Fatal("connect returned false")
	}
	evs := expect(t, c, "error(connect)", "disconnect")
	if !errors.Is(evs[0].Err, syscall.ECONNREFUSED) {
		t.Fatalf("err %v, want ECONNREFUSED", evs[0].Err)
	}
	expectNoMore(t, c)
	if c.Ready() {
		t.Fatal("ready after refused")
	}
}

// TestDNSFailure: the name does not resolve (a real resolver asking a DNS
// server on 127.0.0.1 that answers NXDOMAIN) → error(connect), disconnect.
func TestDNSFailure(t *testing.T) {
	c := mustCreate(t, "ws://nohost.invalid/x", &Options{Dial: nxdomainDNS(t)})
	c.Connect()
	evs := expect(t, c, "error(connect)", "disconnect")
	if de, ok := errorsAs[*net.DNSError](evs[0].Err); !ok || !de.IsNotFound {
		t.Fatalf("err %v, want a not-found DNSError", evs[0].Err)
	}
	expectNoMore(t, c)
}

// TestServerCloseFrame: the server sends a close frame → error(rx),
// disconnect, and the close code is in the error.
func TestServerCloseFrame(t *testing.T) {
	fs := newFaultServer(t)
	c := mustCreate(t, fs.url("/close"), nil)
	c.Connect()
	evs := expect(t, c, "conack", "error(rx)", "disconnect")
	if code := websocket.CloseStatus(evs[1].Err); code != 4000 {
		t.Fatalf("close status %d (%v), want 4000", code, evs[1].Err)
	}
	expectNoMore(t, c)
}

// TestTCPReset: the server resets the connection → error(connect),
// disconnect.
func TestTCPReset(t *testing.T) {
	fs := newFaultServer(t)
	c := mustCreate(t, fs.url("/reset"), nil)
	c.Connect()
	evs := expect(t, c, "conack", "error(connect)", "disconnect")
	if !errors.Is(evs[1].Err, syscall.ECONNRESET) {
		t.Fatalf("err %v, want ECONNRESET", evs[1].Err)
	}
	expectNoMore(t, c)
}

// TestNon101: a 404 instead of the upgrade → error(rx), disconnect (§1.4
// "Non-101 handshake response"), with the firmware's log line.
func TestNon101(t *testing.T) {
	fs := newFaultServer(t)
	logs := newLogSink()
	c := mustCreate(t, fs.url("/404"), &Options{Logf: logs.logf})
	c.Connect()
	expect(t, c, "error(rx)", "disconnect")
	logs.waitLine(t, "E/websocket server not support websocket? resp code HTTP/1.1 404")
	expectNoMore(t, c)
}

// TestOversizeFrame (Firmware): a message over RecvMax → error(rx),
// disconnect; one of exactly RecvMax is delivered whole.
func TestOversizeFrame(t *testing.T) {
	fs := newFaultServer(t)
	c := mustCreate(t, fs.url("/send?n=8192&op=2"), &Options{Quirks: Firmware})
	c.Connect()
	evs := expect(t, c, "conack", "recv")
	if ev := evs[1]; len(ev.Data) != 8192 || !ev.Fin || ev.Opcode != 2 {
		t.Fatalf("recv len %d fin %v opcode %d", len(ev.Data), ev.Fin, ev.Opcode)
	}
	c.Close()

	c = mustCreate(t, fs.url("/send?n=8193"), &Options{Quirks: Firmware})
	c.Connect()
	evs = expect(t, c, "conack", "error(rx)", "disconnect")
	if !errors.Is(evs[1].Err, errTooBig) {
		t.Fatalf("err %v", evs[1].Err)
	}
	expectNoMore(t, c)
}

// TestTLSFailure: a wss server whose CA the client does not trust →
// error(connect), disconnect, and an error naming the options that fix it.
func TestTLSFailure(t *testing.T) {
	ca := newTestCA(t)
	base := ca.wssEcho(t)
	c := mustCreate(t, base+"/ws/echo2", nil)
	c.Connect()
	evs := expect(t, c, "error(connect)", "disconnect")
	msg := evs[0].Err.Error()
	if !errors.Is(evs[0].Err, ErrCertificate) || !strings.Contains(msg, "Options.Insecure") || !strings.Contains(msg, "Options.CAFile") {
		t.Fatalf("err %q", msg)
	}
	expectNoMore(t, c)
}

// TestTxFailure: the socket write fails → error(tx), disconnect, and the
// message that was not written is reported in an UnsentError.
func TestTxFailure(t *testing.T) {
	fs := newFaultServer(t)
	tn := newTestNet()
	c := mustCreate(t, fs.url("/"), &Options{Dial: tn.Dial})
	connect(t, c)
	tn.setFailWrites(true)
	if err := c.Send([]byte("lost"), true, 0); err != nil {
		t.Fatal(err)
	}
	evs := expect(t, c, "error(tx)", "disconnect")
	ue, ok := errorsAs[*UnsentError](evs[0].Err)
	if !ok || ue.Messages != 1 || ue.Bytes != 4 || !errors.Is(evs[0].Err, syscall.EPIPE) {
		t.Fatalf("err %v", evs[0].Err)
	}
	if err := c.Send([]byte("x"), true, 0); !errors.Is(err, ErrNotReady) {
		t.Fatalf("send after failure: %v", err)
	}
	expectNoMore(t, c)
}

// TestInterfaceDownThenUp: the interface goes down mid-stream →
// error(connect), disconnect; reconnects while it is down fail with the same
// pair; once it is up again autoreconn connects (conack) and data flows.
func TestInterfaceDownThenUp(t *testing.T) {
	lowerReconnectFloor(t)
	srv := echoServer(t, nil)
	tn := newTestNet()
	logs := newLogSink()
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{Dial: tn.Dial, Logf: logs.logf})
	c.AutoReconn(true, 20*time.Millisecond)
	connect(t, c)
	echoOnce(t, c, "before")
	tn.setDown(true)
	evs := expect(t, c, "error(connect)", "disconnect", "error(connect)", "disconnect")
	if !errors.Is(evs[0].Err, syscall.ENETDOWN) || !errors.Is(evs[2].Err, syscall.ENETUNREACH) {
		t.Fatalf("errors %v / %v", evs[0].Err, evs[2].Err)
	}
	tn.setDown(false)
	for {
		ev := next(t, c)
		if ev.Kind == Conack {
			break
		}
		if s := short(ev); s != "error(connect)" && s != "disconnect" {
			t.Fatalf("while reconnecting: %s", s)
		}
	}
	echoOnce(t, c, "after")
	logs.waitLine(t, "I/websocket reconnect after 20ms")
}

// lowerReconnectFloor lets a test use autoreconn intervals under the
// firmware's 1 s floor, to stay fast.
func lowerReconnectFloor(t *testing.T) {
	old := minReconnect
	minReconnect = 5 * time.Millisecond
	t.Cleanup(func() { minReconnect = old })
}

// TestHandshakeTimeout: a server that accepts TCP and never answers the
// upgrade → error(connect), disconnect after Options.HandshakeTimeout.
func TestHandshakeTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
		close(accepted)
	}()
	c := mustCreate(t, "ws://"+ln.Addr().String()+"/x", &Options{HandshakeTimeout: 100 * time.Millisecond})
	c.Connect()
	evs := expect(t, c, "error(connect)", "disconnect")
	if !errors.Is(evs[0].Err, context.DeadlineExceeded) {
		t.Fatalf("err %v", evs[0].Err)
	}
	for conn := range accepted {
		conn.Close()
	}
}
