package wsclient

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/air780emu/air780emu/wsclient/wsecho"
)

// waitEvent bounds every wait for an event; generous for -race on 2 vCPUs.
const waitEvent = 10 * time.Second

// short renders an event for order assertions: "error(connect)", "recv".
func short(ev Event) string {
	if ev.Kind == Error {
		return "error(" + ev.ErrKind + ")"
	}
	return ev.Kind.String()
}

// next returns the next event or fails the test after waitEvent.
func next(t testing.TB, c *Client) Event {
	t.Helper()
	select {
	case ev, ok := <-c.Events():
		if !ok {
			t.Fatal("events channel closed")
		}
		return ev
	case <-time.After(waitEvent):
		t.Fatal("no event within", waitEvent)
	}
	return Event{}
}

// expect reads len(want) events and compares their short forms in order.
func expect(t testing.TB, c *Client, want ...string) []Event {
	t.Helper()
	var evs []Event
	var got []string
	for range want {
		ev := next(t, c)
		evs = append(evs, ev)
		got = append(got, short(ev))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("events %v, want %v (last err: %v)", got, want, evs[len(evs)-1].Err)
	}
	return evs
}

// settle waits until the connect loop has ended (no reconnect pending), so
// the events already queued are all there will be.
func settle(t testing.TB, c *Client) {
	t.Helper()
	c.mu.Lock()
	s := c.sup
	c.mu.Unlock()
	if s == nil {
		return
	}
	select {
	case <-s.done:
	case <-time.After(waitEvent):
		t.Fatal("connect loop did not end")
	}
}

// expectNoMore asserts that no further event is queued once the loop ended.
func expectNoMore(t testing.TB, c *Client) {
	t.Helper()
	settle(t, c)
	select {
	case ev := <-c.Events():
		t.Fatalf("unexpected event %s (%v)", short(ev), ev.Err)
	default:
	}
}

// recvMessage collects Recv pieces until Fin, checking the piece rules
// (first opcode op, then 0; at most max bytes), skipping Sent events.
func recvMessage(t testing.TB, c *Client, op, max int) []byte {
	b, _ := recvMessageSent(t, c, op, max)
	return b
}

// recvMessageSent is recvMessage that also counts the Sent events skipped
// (a Sent and the echo it caused may arrive in either order).
func recvMessageSent(t testing.TB, c *Client, op, max int) ([]byte, int) {
	t.Helper()
	var buf bytes.Buffer
	first := true
	sents := 0
	for {
		ev := next(t, c)
		if ev.Kind == Sent {
			sents++
			continue
		}
		if ev.Kind != Recv {
			t.Fatalf("got %s (%v), want recv", short(ev), ev.Err)
		}
		want := op
		if !first {
			want = 0
		}
		if ev.Opcode != want {
			t.Fatalf("piece opcode %d, want %d", ev.Opcode, want)
		}
		if len(ev.Data) > max {
			t.Fatalf("piece of %d bytes, max %d", len(ev.Data), max)
		}
		buf.Write(ev.Data)
		first = false
		if ev.Fin {
			return buf.Bytes(), sents
		}
	}
}

// mustCreate creates a client and closes it at cleanup.
func mustCreate(t testing.TB, url string, o *Options) *Client {
	t.Helper()
	c, err := Create(url, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// connect connects and waits for conack.
func connect(t testing.TB, c *Client) {
	t.Helper()
	if !c.Connect() {
		t.Fatal("Connect returned false")
	}
	expect(t, c, "conack")
	if !c.Ready() {
		t.Fatal("not ready after conack")
	}
}

// echoServer starts the built-in echo server for one test.
func echoServer(t testing.TB, o *wsecho.Options) *wsecho.Server {
	t.Helper()
	s, err := wsecho.ListenOptions("127.0.0.1:0", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// logSink collects log lines.
type logSink struct {
	mu    sync.Mutex
	lines []string
	added chan struct{}
}

func newLogSink() *logSink { return &logSink{added: make(chan struct{}, 1)} }

func (l *logSink) logf(line string) {
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
	select {
	case l.added <- struct{}{}:
	default:
	}
}

func (l *logSink) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// waitLine waits until a line equal to want was logged.
func (l *logSink) waitLine(t testing.TB, want string) {
	t.Helper()
	deadline := time.After(waitEvent)
	for {
		for _, s := range l.all() {
			if s == want {
				return
			}
		}
		select {
		case <-l.added:
		case <-deadline:
			t.Fatalf("log line %q not seen; got %q", want, l.all())
		}
	}
}

func errorsAs[T error](err error) (T, bool) {
	var target T
	ok := errors.As(err, &target)
	return target, ok
}

// echoOnce sends msg and reads its echo and its one Sent event, in whichever
// order they come, so that later exact event checks start clean.
func echoOnce(t testing.TB, c *Client, msg string) {
	t.Helper()
	if err := c.Send([]byte(msg), true, 0); err != nil {
		t.Fatal(err)
	}
	got, sents := recvMessageSent(t, c, 1, DefaultRecvMax)
	if string(got) != msg || sents > 1 {
		t.Fatalf("echo %q with %d sent events, want %q", got, sents, msg)
	}
	if sents == 0 {
		expect(t, c, "sent")
	}
}
