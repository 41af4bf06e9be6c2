package wsclient

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// TestLogLines checks the LuatOS-format lines (§1.12) of a connect, a close
// and a second close, in order.
func TestLogLines(t *testing.T) {
	srv := echoServer(t, nil)
	logs := newLogSink()
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{Logf: logs.logf})
	connect(t, c)
	c.Close()
	c.Close()
	_, port, _ := net.SplitHostPort(srv.Addr())
	want := []string{
		"I/websocket connect host 127.0.0.1 port " + port,
		"I/websocket ready!!",
		"I/websocket websocket closing socket",
		"W/websocket websocket already closed",
	}
	if got := logs.all(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("log lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDebugLines: SetDebug(true) adds D/websocket lines for sends and
// receives; off (the default) there are none.
func TestDebugLines(t *testing.T) {
	srv := echoServer(t, nil)
	logs := newLogSink()
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{Logf: logs.logf})
	connect(t, c)
	c.Send([]byte("a"), true, 0)
	recvMessage(t, c, 1, DefaultRecvMax)
	c.SetDebug(true)
	c.Send([]byte("bb"), true, 1)
	recvMessage(t, c, 2, DefaultRecvMax)
	var debug []string
	for _, l := range logs.all() {
		if strings.HasPrefix(l, "D/") {
			debug = append(debug, l)
		}
	}
	want := "D/websocket send len 2 fin 1 type MessageBinary\nD/websocket recv len 2 fin 1 opcode 2"
	if strings.Join(debug, "\n") != want {
		t.Fatalf("debug lines %q", debug)
	}
}

// TestReconnectClamp: autoreconn with 10 ms is raised to the firmware's
// 1000 ms floor and 0 means 3000 ms (§1.9); the log line shows the interval
// and Close cancels the pending reconnect at once.
func TestReconnectClamp(t *testing.T) {
	if got := ClampReconnect(0); got != 3*time.Second {
		t.Fatalf("0 -> %v", got)
	}
	if got := ClampReconnect(1500 * time.Millisecond); got != 1500*time.Millisecond {
		t.Fatalf("1500ms -> %v", got)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	logs := newLogSink()
	c := mustCreate(t, "ws://"+addr+"/x", &Options{Logf: logs.logf})
	c.AutoReconn(true, 10*time.Millisecond)
	c.Connect()
	expect(t, c, "error(connect)", "disconnect")
	logs.waitLine(t, "I/websocket reconnect after 1000ms")
	start := time.Now()
	c.Close()
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("Close took %v with a reconnect pending", d)
	}
}

// TestAutoReconnDisable: turning autoreconn off while a reconnect waits
// stops it: the connect loop ends with no further events.
func TestAutoReconnDisable(t *testing.T) {
	lowerReconnectFloor(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	c := mustCreate(t, "ws://"+addr+"/x", nil)
	c.AutoReconn(true, 200*time.Millisecond)
	c.Connect()
	expect(t, c, "error(connect)", "disconnect")
	c.AutoReconn(false, 0)
	expectNoMore(t, c)
}

// TestCloseDuringDial: Close while the dial hangs returns once the dial is
// cancelled, with no event at all.
func TestCloseDuringDial(t *testing.T) {
	entered := make(chan struct{})
	hang := func(ctx context.Context, _, _ string) (net.Conn, error) {
		close(entered)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	c := mustCreate(t, "ws://hh:1/x", &Options{Dial: hang})
	c.Connect()
	<-entered
	c.Close()
	for ev := range c.Events() {
		t.Fatalf("event %s after Close", short(ev))
	}
	if c.Connect() {
		t.Fatal("Connect after Close returned true")
	}
}

// TestCloseWithPendingEvents: Close while the consumer is not reading (the
// reader blocked on a full event buffer) returns, discards what was not
// read, and delivers no disconnect.
func TestCloseWithPendingEvents(t *testing.T) {
	fs := newFaultServer(t)
	c := mustCreate(t, fs.url("/burst?n=500"), nil)
	c.Connect()
	for len(c.events) < cap(c.events) {
		time.Sleep(time.Millisecond) // no channel tells when the buffer is full
	}
	c.Close()
	for ev := range c.Events() {
		t.Fatalf("event %s after Close", short(ev))
	}
}

// TestConnectTwice: a second Connect while connected closes the first
// connection without events (as the firmware closes its socket, §1.5) and
// gives one new conack; the client works after it.
func TestConnectTwice(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", nil)
	connect(t, c)
	connect(t, c)
	c.Send([]byte("again"), true, 0)
	if got := recvMessage(t, c, 1, DefaultRecvMax); string(got) != "again" {
		t.Fatalf("echo %q", got)
	}
	c.Close()
	for ev := range c.Events() {
		t.Fatalf("event %s", short(ev))
	}
}

// TestKeepalivePing: with Keepalive 50 ms and no traffic the client pings
// the server repeatedly, and the first ping comes no sooner than 50 ms after
// the last byte of the handshake (lower bound only; no upper bound is
// asserted, timers on this VM can be late).
func TestKeepalivePing(t *testing.T) {
	fs := newFaultServer(t)
	const ka = 50 * time.Millisecond
	// HandshakeTimeout far below the test's length also shows that the
	// handshake deadline does not outlive the handshake.
	c := mustCreate(t, fs.url("/"), &Options{Keepalive: ka, HandshakeTimeout: 40 * time.Millisecond})
	connect(t, c)
	start := time.Now()
	for i := 0; i < 3; i++ {
		select {
		case <-fs.pings:
			if i == 0 {
				if d := time.Since(start); d < ka-time.Millisecond {
					t.Fatalf("first ping after %v, keepalive %v", d, ka)
				}
			}
		case <-time.After(waitEvent):
			t.Fatalf("ping %d never came", i)
		}
	}
	if !c.Ready() {
		t.Fatal("not ready")
	}
	select {
	case ev := <-c.Events():
		t.Fatalf("event %s (%v) while idle", short(ev), ev.Err)
	default:
	}
}

// TestUnsentOnFailure: messages queued behind a stalled write when the
// interface goes down are reported in the Error event (none vanish).
func TestUnsentOnFailure(t *testing.T) {
	fs := newFaultServer(t)
	tn := newTestNet()
	c := mustCreate(t, fs.url("/"), &Options{Dial: tn.Dial})
	connect(t, c)
	release := tn.stallWrites()
	for i := 0; i < 3; i++ {
		if err := c.Send([]byte(fmt.Sprint("m", i)), true, 0); err != nil {
			t.Fatal(err)
		}
	}
	tn.setFailWrites(true)
	tn.setDown(true) // the reader fails first: connect
	for c.Ready() {
		time.Sleep(time.Millisecond) // no channel tells when the failure is recorded
	}
	release() // now the stalled write fails too; the first failure stands
	evs := expect(t, c, "error(connect)", "disconnect")
	ue, ok := errorsAs[*UnsentError](evs[0].Err)
	if !ok || ue.Messages != 3 || ue.Bytes != 6 {
		t.Fatalf("err %v", evs[0].Err)
	}
}
