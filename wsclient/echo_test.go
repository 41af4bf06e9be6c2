package wsclient

import (
	"bytes"
	"testing"
	"time"

	"github.com/air780emu/air780emu/wsclient/wsecho"
)

// TestEchoServerBasics runs the seed's flow against the built-in echo
// server over real sockets: conack, text and binary round trips with sent
// events, the JSON echo path, ready/close.
func TestEchoServerBasics(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", nil)
	if c.Ready() {
		t.Fatal("ready before connect")
	}
	connect(t, c)
	echoOnce(t, c, "hello")
	bin := []byte{0, 1, 2, 0xff}
	if err := c.Send(bin, true, 1); err != nil {
		t.Fatal(err)
	}
	if got, sents := recvMessageSent(t, c, 2, DefaultRecvMax); !bytes.Equal(got, bin) || sents > 1 {
		t.Fatalf("binary echo %x, %d sent events before it", got, sents)
	} else if sents == 0 {
		expect(t, c, "sent")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if c.Ready() {
		t.Fatal("ready after close")
	}
	if err := c.Send([]byte("x"), true, 0); err != ErrClosed {
		t.Fatalf("send after close: %v", err)
	}
	for ev := range c.Events() {
		t.Fatalf("event after close: %s", short(ev))
	}
}

// TestEchoJSONPath checks /ws/echo: a JSON object with action=echo comes back
// with "server" added; other text and binary get no reply (the next reply
// received is the one for the following echo request).
func TestEchoJSONPath(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo", nil)
	connect(t, c)
	for _, m := range []struct {
		msg []byte
		op  int
	}{
		{[]byte(`{"action":"other"}`), 0},
		{[]byte(`not json`), 0},
		{[]byte(`{"action":"echo"}`), 1}, // binary: no reply
		{[]byte(`{"action":"echo","msg":"hi","n":[1, 2]}`), 0},
	} {
		if err := c.Send(m.msg, true, m.op); err != nil {
			t.Fatal(err)
		}
	}
	got := recvMessage(t, c, 1, DefaultRecvMax)
	want := `{"action":"echo","msg":"hi","n":[1,2],"server":"ws_echo_server.py"}`
	if string(got) != want {
		t.Fatalf("reply %s, want %s", got, want)
	}
}

// TestSpecPieces100KiB sends 100 KiB text and binary messages through the
// echo server and checks the Spec receive rule: pieces of at most RecvMax,
// first opcode 1/2 then 0, fin only on the last, bytes intact.
func TestSpecPieces100KiB(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", nil)
	connect(t, c)
	msg := bytes.Repeat([]byte("0123456789abcdef"), 100*1024/16)
	for _, op := range []int{0, 1} {
		if err := c.Send(msg, true, op); err != nil {
			t.Fatal(err)
		}
		var pieces []Event
		for len(pieces) == 0 || !pieces[len(pieces)-1].Fin {
			if ev := next(t, c); ev.Kind == Recv {
				pieces = append(pieces, ev)
			} else if ev.Kind != Sent {
				t.Fatalf("got %s", short(ev))
			}
		}
		if len(pieces) != 13 { // 12 x 8192 + 4096
			t.Fatalf("%d pieces, want 13", len(pieces))
		}
		var all []byte
		for i, p := range pieces {
			wantOp, wantLen := 0, DefaultRecvMax
			if i == 0 {
				wantOp = op + 1
			}
			if i == 12 {
				wantLen = 4096
			}
			if p.Opcode != wantOp || len(p.Data) != wantLen || p.Fin != (i == 12) {
				t.Fatalf("piece %d: opcode %d len %d fin %v", i, p.Opcode, len(p.Data), p.Fin)
			}
			all = append(all, p.Data...)
		}
		if !bytes.Equal(all, msg) {
			t.Fatal("message corrupted")
		}
	}
}

// TestExactRecvMaxAndEmpty checks the boundaries of the piece rule: a
// message of exactly RecvMax is one piece with fin, an empty one is one
// empty piece with fin.
func TestExactRecvMaxAndEmpty(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{RecvMax: 100})
	connect(t, c)
	for _, n := range []int{100, 0, 101} {
		if err := c.Send(bytes.Repeat([]byte{'x'}, n), true, 0); err != nil {
			t.Fatal(err)
		}
		var got []Event
		for len(got) == 0 || !got[len(got)-1].Fin {
			if ev := next(t, c); ev.Kind == Recv {
				got = append(got, ev)
			}
		}
		want := map[int]int{100: 1, 0: 1, 101: 2}[n]
		if len(got) != want || len(got[0].Data) != min(n, 100) {
			t.Fatalf("%d bytes: %d pieces, first %d bytes", n, len(got), len(got[0].Data))
		}
	}
}

// TestFragmentedSendEcho sends "123","456" with fin=false and "789" with
// fin=true (the seed's example) and gets one message "123456789" back.
func TestFragmentedSendEcho(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", nil)
	connect(t, c)
	for i, p := range []string{"123", "456", "789"} {
		if err := c.Send([]byte(p), i == 2, 0); err != nil {
			t.Fatal(err)
		}
	}
	if got := recvMessage(t, c, 1, DefaultRecvMax); string(got) != "123456789" {
		t.Fatalf("echo %q", got)
	}
}

// TestServerPingsEcho has the built-in server ping every 20 ms and checks
// that the client's pongs come back (coder/websocket auto-pong) while the
// connection stays ready and no event is produced.
func TestServerPingsEcho(t *testing.T) {
	pong := make(chan struct{}, 100)
	srv := echoServer(t, &wsecho.Options{PingInterval: 20 * time.Millisecond, OnPong: func() { pong <- struct{}{} }})
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", nil)
	connect(t, c)
	for i := 0; i < 3; i++ {
		select {
		case <-pong:
		case <-time.After(waitEvent):
			t.Fatalf("pong %d never came", i)
		}
	}
	if !c.Ready() {
		t.Fatal("not ready")
	}
	select {
	case ev := <-c.Events():
		t.Fatalf("control frames produced an event: %s", short(ev))
	default:
	}
}
