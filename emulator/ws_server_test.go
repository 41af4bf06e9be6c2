package emulator

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"

	"github.com/coder/websocket"
)

// recServer is a websocket server on 127.0.0.1 that records what it
// receives, and the handshake headers, across connections. Mode "echo"
// echoes every message back as well.
type recServer struct {
	url  string
	echo bool
	gate chan struct{} // if not nil, reading starts once it is closed

	mu      sync.Mutex
	msgs    [][]byte
	headers []http.Header
	conns   int
}

// startRecServer serves until the test ends.
func startRecServer(t testing.TB, echo bool) *recServer {
	return startRecServerGated(t, echo, nil)
}

// startRecServerGated is startRecServer whose connections read nothing
// (after the handshake) until gate is closed.
func startRecServerGated(t testing.TB, echo bool, gate chan struct{}) *recServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rs := &recServer{url: "ws://" + ln.Addr().String(), echo: echo, gate: gate}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		rs.serve(ctx, w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() {
		cancel()
		srv.Close()
		wg.Wait()
	})
	return rs
}

func (rs *recServer) serve(ctx context.Context, w http.ResponseWriter, r *http.Request) {
	// Record the headers before Accept writes the 101: the client reports
	// +WSCONACK as soon as it reads it, and a test that then asks for
	// lastHeaders must find this handshake's.
	rs.mu.Lock()
	rs.headers = append(rs.headers, r.Header.Clone())
	rs.mu.Unlock()
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return
	}
	defer c.CloseNow()
	c.SetReadLimit(1 << 24)
	rs.mu.Lock()
	rs.conns++
	rs.mu.Unlock()
	if rs.gate != nil {
		select {
		case <-rs.gate:
		case <-ctx.Done():
			return
		}
	}
	for {
		typ, b, err := c.Read(ctx)
		if err != nil {
			return
		}
		rs.mu.Lock()
		rs.msgs = append(rs.msgs, b)
		rs.mu.Unlock()
		if rs.echo {
			if err := c.Write(ctx, typ, b); err != nil && !errors.Is(err, context.Canceled) {
				return
			}
		}
	}
}

// received returns a copy of the messages so far.
func (rs *recServer) received() [][]byte {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return append([][]byte(nil), rs.msgs...)
}

// lastHeaders returns the handshake headers of the latest connection.
func (rs *recServer) lastHeaders() http.Header {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if len(rs.headers) == 0 {
		return nil
	}
	return rs.headers[len(rs.headers)-1]
}
