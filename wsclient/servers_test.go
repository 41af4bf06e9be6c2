package wsclient

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/coder/websocket"
)

type connKey struct{}

// faultServer is a coder/websocket server on 127.0.0.1 whose paths misbehave
// on purpose:
//
//	/close          sends a close frame (4000 "bye") after the handshake
//	/reset          resets the TCP connection (SO_LINGER 0) after the handshake
//	/send?n=N&op=2  sends one message of N bytes ('x'), then reads until closed
//	/burst?n=N      sends N text messages "0", "1", ...
//	/404            answers 404 instead of 101
//	/ping           counts the client's pings on pings (see newFaultServer)
//	anything else   reads until closed
type faultServer struct {
	*httptest.Server
	wg    sync.WaitGroup
	pings chan struct{}
}

func newFaultServer(t testing.TB) *faultServer {
	t.Helper()
	fs := &faultServer{pings: make(chan struct{}, 100)}
	fs.Server = httptest.NewUnstartedServer(http.HandlerFunc(fs.serve))
	fs.Config.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		return context.WithValue(ctx, connKey{}, c)
	}
	fs.Config.ErrorLog = log.New(io.Discard, "", 0)
	fs.Start()
	t.Cleanup(func() {
		fs.Close()
		fs.wg.Wait()
	})
	return fs
}

// url returns ws://host:port + path.
func (fs *faultServer) url(path string) string { return "ws://" + fs.Listener.Addr().String() + path }

func (fs *faultServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.wg.Add(1)
	defer fs.wg.Done()
	if r.URL.Path == "/404" {
		http.NotFound(w, r)
		return
	}
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		OnPingReceived: func(context.Context, []byte) bool {
			fs.pings <- struct{}{}
			return true
		},
	})
	if err != nil {
		return
	}
	defer c.CloseNow()
	c.SetReadLimit(-1)
	ctx := r.Context()
	switch r.URL.Path {
	case "/close":
		c.Close(4000, "bye")
		return
	case "/reset":
		tc := ctx.Value(connKey{}).(*net.TCPConn)
		tc.SetLinger(0)
		tc.Close()
		return
	case "/burst":
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		for i := 0; i < n; i++ {
			if c.Write(ctx, websocket.MessageText, []byte(strconv.Itoa(i))) != nil {
				return
			}
		}
	case "/send":
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		typ := websocket.MessageText
		if r.URL.Query().Get("op") == "2" {
			typ = websocket.MessageBinary
		}
		if c.Write(ctx, typ, make([]byte, n)) != nil {
			return
		}
	}
	for {
		if _, _, err := c.Read(ctx); err != nil {
			return
		}
	}
}
