package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// read runs AT+WSREAD and returns its header line and payload.
func (h *wsHost) wsRead(args string) (string, []byte) {
	h.t.Helper()
	info := h.ok("AT+WSREAD=" + args)
	if len(info) != 1 {
		h.t.Fatalf("AT+WSREAD=%s: %q", args, lines(info))
	}
	return info[0].line, info[0].data
}

// TestWSBufferMode: in buffer mode a received message is announced with
// "+WSRECV: <id>,<len>" and pulled with AT+WSREAD, split when max is short
// (fin 0 on the first part, opcode 0 on the rest); switching back to push
// first emits what is still buffered, in order.
func TestWSBufferMode(t *testing.T) {
	p := startPTY(t, testConfig())
	p.wsConnect(t, 0, "ws://"+echoHost+"/ws/echo2")
	p.host.ok("AT+WSRECVMODE=0,1")
	if got := p.host.send("0,10", []byte("abcdefghij")); got != "OK" {
		t.Fatal(got)
	}
	expectURCs(t, p.host, "+WSSENT: 0", "+WSRECV: 0,10")
	if info := p.host.ok("AT+WSRECVMODE?"); len(info) != 1 || info[0].line != "+WSRECVMODE: 0,1,10" {
		t.Fatalf("AT+WSRECVMODE?: %q", lines(info))
	}
	for _, c := range []struct{ args, line, data string }{
		{"0,4", "+WSREAD: 0,4,0,1", "abcd"},
		{"0,100", "+WSREAD: 0,6,1,0", "efghij"},
		{"0,100", "+WSREAD: 0,0,0,0", ""},
	} {
		line, data := p.host.wsRead(c.args)
		if line != c.line || string(data) != c.data {
			t.Fatalf("AT+WSREAD=%s: %q %q, want %q %q", c.args, line, data, c.line, c.data)
		}
	}
	for _, m := range []string{"second", "third"} {
		if got := p.host.send(fmt.Sprintf("0,%d", len(m)), []byte(m)); got != "OK" {
			t.Fatal(got)
		}
		expectURCs(t, p.host, "+WSSENT: 0", fmt.Sprintf("+WSRECV: 0,%d", len(m)))
	}
	p.host.ok("AT+WSRECVMODE=0,0")
	for _, m := range []string{"second", "third"} {
		msg, other := p.host.recvMessage(0, 1)
		if string(msg) != m || len(other) > 0 {
			t.Fatalf("after switching to push: %q (other %q), want %q", msg, lines(other), m)
		}
	}
	if _, final := p.host.cmd("AT+WSREAD=0,10"); final != "+CME ERROR: 3" {
		t.Fatalf("AT+WSREAD in push mode: %s", final)
	}
}

// expectURCs takes len(want) URCs and compares them as a set (their
// sources, the writer's Sent and the reader's Recv, are not ordered).
func expectURCs(t *testing.T, h *wsHost, want ...string) {
	t.Helper()
	var got []string
	for range want {
		got = append(got, h.nextURC().line)
	}
	if !sameSet(got, want) {
		t.Fatalf("URCs %q, want %q", got, want)
	}
}

// TestWSBufferModeBackpressure: a buffer-mode client whose host does not
// read holds at most 64 KiB; the server is held back (it cannot finish
// 1 MiB), and once the host pulls everything with AT+WSREAD every message
// arrives in order.
func TestWSBufferModeBackpressure(t *testing.T) {
	const count, size = 1024, 1024
	fs := startFloodServer(t, count, size)
	p := startPTY(t, testConfig())
	p.host.ok(fmt.Sprintf("AT+WSCREATE=0,%q", fs.url))
	p.host.ok("AT+WSRECVMODE=0,1")
	p.host.ok("AT+WSCONNECT=0")
	p.host.waitURC("+WSCONACK: 0")
	notified := 0
	for {
		ev, err := p.host.tryURC(500 * time.Millisecond)
		if err != nil {
			break // quiet: the buffer is full
		}
		if ev.line != fmt.Sprintf("+WSRECV: 0,%d", size) {
			t.Fatalf("unexpected %q", ev.line)
		}
		notified += size
	}
	if notified > wsBufCap || notified < wsBufCap-size {
		t.Fatalf("buffered %d bytes before stopping, want about %d", notified, wsBufCap)
	}
	select {
	case <-fs.done:
		t.Fatal("server finished 1 MiB while the host read nothing")
	default:
	}
	for i := range count {
		line, data := p.host.wsRead(fmt.Sprintf("0,%d", wsBufCap))
		if line == "+WSREAD: 0,0,0,0" {
			p.host.waitURC(fmt.Sprintf("+WSRECV: 0,%d", size)) // the next piece is on its way
			line, data = p.host.wsRead(fmt.Sprintf("0,%d", wsBufCap))
		}
		if line != fmt.Sprintf("+WSREAD: 0,%d,1,2", size) || string(data) != string(floodMsg(i, size)) {
			t.Fatalf("message %d: %q (%d bytes)", i, line, len(data))
		}
	}
	for {
		ev, err := p.host.tryURC(0)
		if err != nil {
			break
		}
		if !strings.HasPrefix(ev.line, "+WSRECV: 0,") {
			t.Fatalf("unexpected %q", ev.line)
		}
	}
}
