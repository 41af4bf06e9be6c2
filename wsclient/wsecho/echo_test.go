package wsecho

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/coder/websocket"
)

func dial(t *testing.T, s *Server, path string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+s.Addr()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadLimit(-1)
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func listen(t *testing.T, o *Options) *Server {
	t.Helper()
	s, err := ListenOptions("127.0.0.1:0", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

// TestEchoReply covers the JSON rules of /ws/echo.
func TestEchoReply(t *testing.T) {
	for in, want := range map[string]string{
		`{"action":"echo"}`:                       `{"action":"echo","server":"ws_echo_server.py"}`,
		`{"server":1,"action":"echo","x":[1, 2]}`: `{"server":"ws_echo_server.py","action":"echo","x":[1,2]}`,
		`{"action":"echo","action":"echo"}`:       `{"action":"echo","server":"ws_echo_server.py"}`,
		`{"action":"ECHO"}`:                       "",
		`{"action":1}`:                            "",
		`["action","echo"]`:                       "",
		`{"action":"echo"} {}`:                    "",
		`{"action":"echo"`:                        "",
		``:                                        "",
	} {
		got, ok := EchoReply([]byte(in))
		if string(got) != want || ok != (want != "") {
			t.Errorf("EchoReply(%s) = %s, %v; want %s", in, got, ok, want)
		}
	}
}

// TestEchoPaths checks the three path behaviours over a real socket.
func TestEchoPaths(t *testing.T) {
	s := listen(t, nil)
	c := dial(t, s, "/ws/echo")
	for _, m := range []string{`{"action":"x"}`, `nope`} {
		c.Write(ctx(t), websocket.MessageText, []byte(m))
	}
	c.Write(ctx(t), websocket.MessageBinary, []byte(`{"action":"echo"}`))
	c.Write(ctx(t), websocket.MessageText, []byte(`{"action":"echo","n":1}`))
	typ, b, err := c.Read(ctx(t))
	if err != nil || typ != websocket.MessageText || string(b) != `{"action":"echo","n":1,"server":"ws_echo_server.py"}` {
		t.Fatalf("reply %v %s %v", typ, b, err)
	}

	c2 := dial(t, s, "/ws/echo2")
	big := bytes.Repeat([]byte{1, 2, 3, 4}, 64*1024) // 256 KiB
	for _, m := range []struct {
		typ websocket.MessageType
		b   []byte
	}{{websocket.MessageText, []byte("hi")}, {websocket.MessageBinary, big}} {
		if err := c2.Write(ctx(t), m.typ, m.b); err != nil {
			t.Fatal(err)
		}
		typ, b, err := c2.Read(ctx(t))
		if err != nil || typ != m.typ || !bytes.Equal(b, m.b) {
			t.Fatalf("echo2 %v %d bytes %v", typ, len(b), err)
		}
	}

	c3 := dial(t, s, "/other")
	_, _, err = c3.Read(ctx(t))
	if websocket.CloseStatus(err) != CloseNotFound {
		t.Fatalf("other path: %v", err)
	}
}

// TestServerPings: with PingInterval the server pings, counts the pongs
// and reports each through OnPong.
func TestServerPings(t *testing.T) {
	pong := make(chan struct{}, 100)
	s := listen(t, &Options{PingInterval: 10 * time.Millisecond, OnPong: func() { pong <- struct{}{} }})
	c := dial(t, s, "/ws/echo2")
	rctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { // a reader is needed for pongs to be sent
		defer close(done)
		c.Read(rctx)
	}()
	for i := 0; i < 2; i++ {
		select {
		case <-pong:
		case <-time.After(10 * time.Second):
			t.Fatalf("pong %d never came", i)
		}
	}
	cancel()
	<-done
	if s.Echo().Pongs() < 2 {
		t.Fatalf("%d pongs counted", s.Echo().Pongs())
	}
}

// TestCloseEndsConnections: Close returns with a client still connected,
// the client sees the connection end, and a second Close is harmless.
func TestCloseEndsConnections(t *testing.T) {
	s, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, s, "/ws/echo2")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Read(ctx(t)); err == nil {
		t.Fatal("read succeeded after server Close")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Listen("127.0.0.1:99999"); err == nil {
		t.Fatal("bad address accepted")
	}
}

// FuzzEchoReply: any message either gets no reply or a reply that is a JSON
// object with action "echo" and server ServerField. Seeds:
// testdata/fuzz/FuzzEchoReply.
func FuzzEchoReply(f *testing.F) {
	f.Add(`{"action":"echo"}`)
	f.Fuzz(func(t *testing.T, msg string) {
		reply, ok := EchoReply([]byte(msg))
		if !ok {
			return
		}
		var m map[string]any
		if err := json.Unmarshal(reply, &m); err != nil {
			t.Fatalf("reply %s is not a JSON object: %v", reply, err)
		}
		if m["action"] != "echo" || m["server"] != ServerField {
			t.Fatalf("reply %s", reply)
		}
	})
}
