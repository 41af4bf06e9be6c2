package wsclient

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestSendLimits checks Send's refusals: not ready before connect, the
// Firmware 65535-byte limit (65534 is accepted), Spec's opcode check.
func TestSendLimits(t *testing.T) {
	srv := echoServer(t, nil)
	logs := newLogSink()
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{Quirks: Firmware, Logf: logs.logf})
	if err := c.Send([]byte("x"), true, 0); !errors.Is(err, ErrNotReady) {
		t.Fatalf("before connect: %v", err)
	}
	logs.waitLine(t, "I/websocket not ready yet")
	connect(t, c)
	if err := c.Send(make([]byte, FirmwareMaxSend), true, 0); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("65535 bytes: %v", err)
	}
	logs.waitLine(t, "E/websocket pkg too large")
	if err := c.Send(make([]byte, FirmwareMaxSend-1), true, 1); err != nil {
		t.Fatalf("65534 bytes: %v", err)
	}
	// Firmware: 65534 > RecvMax, so the echo is the rx error path.
	for {
		ev := next(t, c)
		if ev.Kind == Error {
			if ev.ErrKind != KindRx {
				t.Fatalf("error %s", ev.ErrKind)
			}
			break
		}
	}
	expect(t, c, "disconnect")

	s := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", nil)
	connect(t, s)
	if err := s.Send([]byte("x"), true, 2); !errors.Is(err, ErrBadOpcode) {
		t.Fatalf("spec opcode 2: %v", err)
	}
	if err := s.Send(make([]byte, MaxMessage+1), true, 1); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("spec over MaxMessage: %v", err)
	}
}

// TestSendQueueBounded stalls the socket so the writer blocks, fills the
// queue, checks ErrQueueFull, then releases the socket and checks that every
// accepted message is written (one Sent each) and echoed, in order.
func TestSendQueueBounded(t *testing.T) {
	srv := echoServer(t, nil)
	tn := newTestNet()
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{Dial: tn.Dial, SendQueue: 4})
	connect(t, c)
	release := tn.stallWrites()
	defer release()
	accepted := 0
	var err error
	for accepted < 100 {
		if err = c.Send([]byte(fmt.Sprint(accepted)), true, 0); err != nil {
			break
		}
		accepted++
	}
	// One is taken by the writer (blocked in the socket write); 4 wait.
	if !errors.Is(err, ErrQueueFull) || accepted < 4 || accepted > 5 {
		t.Fatalf("accepted %d, then %v", accepted, err)
	}
	release()
	sent, got := 0, 0
	for sent < accepted || got < accepted {
		ev := next(t, c)
		switch ev.Kind {
		case Sent:
			sent++
		case Recv:
			if string(ev.Data) != fmt.Sprint(got) {
				t.Fatalf("echo %q, want %d", ev.Data, got)
			}
			got++
		default:
			t.Fatalf("event %s", short(ev))
		}
	}
}

// TestSendQueueBytes: the byte budget accepts one large message on an empty
// queue and then refuses more until it is written.
func TestSendQueueBytes(t *testing.T) {
	srv := echoServer(t, nil)
	tn := newTestNet()
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{Dial: tn.Dial})
	connect(t, c)
	release := tn.stallWrites()
	defer release()
	big := bytes.Repeat([]byte{'b'}, DefaultSendQueueBytes)
	if err := c.Send(big, true, 1); err != nil {
		t.Fatalf("big on empty queue: %v", err)
	}
	if err := c.Send([]byte("more"), true, 0); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("over the byte budget: %v", err)
	}
	release()
	if got := recvMessage(t, c, 2, DefaultRecvMax); !bytes.Equal(got, big) {
		t.Fatalf("echo of %d bytes", len(got))
	}
	if err := c.Send([]byte("more"), true, 0); err != nil {
		t.Fatalf("after the write: %v", err)
	}
}

// TestNoDropSlowConsumer: the server sends 500 messages while nobody reads
// Events; the event buffer fills (the reader blocks, so the socket is not
// read), and once the consumer reads, all 500 arrive in order.
func TestNoDropSlowConsumer(t *testing.T) {
	fs := newFaultServer(t)
	const n = 500
	c := mustCreate(t, fs.url(fmt.Sprintf("/burst?n=%d", n)), nil)
	c.Connect()
	deadline := time.Now().Add(waitEvent)
	for len(c.events) < cap(c.events) {
		if time.Now().After(deadline) {
			t.Fatalf("event buffer never filled: %d", len(c.events))
		}
		time.Sleep(time.Millisecond) // no channel tells when the buffer is full
	}
	expect(t, c, "conack")
	for i := 0; i < n; i++ {
		ev := next(t, c)
		if ev.Kind != Recv || string(ev.Data) != fmt.Sprint(i) {
			t.Fatalf("event %s %q, want message %d", short(ev), ev.Data, i)
		}
	}
}
