package wsecho

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// ServerField is the value of the "server" field /ws/echo adds. It is the
// value LuatOS's tools/ws_echo_server.py adds (luatos-semantics.md §1.15),
// so scripts see the same reply as against that server.
const ServerField = "ws_echo_server.py"

// CloseNotFound is the close code for paths other than /ws/echo and
// /ws/echo2, as tools/ws_echo_server.py uses (§1.15).
const CloseNotFound websocket.StatusCode = 4404

// maxJSON bounds a /ws/echo message that is parsed; a longer one is read to
// the end and discarded, with no reply (it could only be "anything else").
const maxJSON = 1 << 20

// Options configures an Echo; nil means defaults.
type Options struct {
	// PingInterval, if set, makes the server ping every client that often
	// (the Python server sets ping_interval=None, so the default is none).
	PingInterval time.Duration
	// OnPong, if set, is called after each answered server ping (from the
	// connection's pinger goroutine; it must not block for long).
	OnPong func()
}

// Echo is the echo service as an http.Handler. It tracks its connections so
// that Shutdown can end them.
type Echo struct {
	opts   Options
	pongs  atomic.Int64
	mu     sync.Mutex
	closed bool
	conns  map[*websocket.Conn]struct{}
	active int        // handlers running, under mu
	idle   *sync.Cond // signalled when active drops
}

// New returns an Echo with opts (may be nil).
func New(opts *Options) *Echo {
	e := &Echo{conns: map[*websocket.Conn]struct{}{}}
	e.idle = sync.NewCond(&e.mu)
	if opts != nil {
		e.opts = *opts
	}
	return e
}

// Handler returns the echo service with default options.
func Handler() http.Handler { return New(nil) }

// Pongs returns how many server pings were answered, over all connections.
func (e *Echo) Pongs() int64 { return e.pongs.Load() }

// ServeHTTP accepts a websocket and serves it by path.
func (e *Echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !e.enter() {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer e.leave()
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // devices send no Origin; any is fine
		CompressionMode:    websocket.CompressionDisabled,
	})
	if err != nil {
		return // Accept wrote the HTTP error
	}
	if !e.track(c) {
		c.CloseNow()
		return
	}
	defer e.untrack(c)
	c.SetReadLimit(-1) // both paths stream; nothing is buffered whole
	switch r.URL.Path {
	case "/ws/echo":
		e.serve(r.Context(), c, echoJSON)
	case "/ws/echo2":
		e.serve(r.Context(), c, echoAll)
	default:
		c.Close(CloseNotFound, "not found")
	}
}

// enter counts a running handler unless the Echo is shut down.
func (e *Echo) enter() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return false
	}
	e.active++
	return true
}

func (e *Echo) leave() {
	e.mu.Lock()
	e.active--
	e.idle.Broadcast()
	e.mu.Unlock()
}

// track registers c unless the Echo is shut down.
func (e *Echo) track(c *websocket.Conn) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return false
	}
	e.conns[c] = struct{}{}
	return true
}

func (e *Echo) untrack(c *websocket.Conn) {
	e.mu.Lock()
	delete(e.conns, c)
	e.mu.Unlock()
	c.CloseNow()
}

// Shutdown ends every connection and waits for their handlers to return.
// Later connections are refused. Idempotent.
func (e *Echo) Shutdown() {
	e.mu.Lock()
	e.closed = true
	for c := range e.conns {
		c.CloseNow()
	}
	for e.active > 0 {
		e.idle.Wait()
	}
	e.mu.Unlock()
}

// serve runs the per-message function until the connection ends, and the
// pinger if configured.
func (e *Echo) serve(ctx context.Context, c *websocket.Conn, each func(context.Context, *websocket.Conn, websocket.MessageType, io.Reader) error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	if e.opts.PingInterval > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.pinger(ctx, c)
		}()
	}
	for {
		typ, r, err := c.Reader(ctx)
		if err != nil {
			return
		}
		if err := each(ctx, c, typ, r); err != nil {
			return
		}
	}
}

// pinger pings c every PingInterval and counts the pongs.
func (e *Echo) pinger(ctx context.Context, c *websocket.Conn) {
	t := time.NewTicker(e.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if c.Ping(ctx) != nil {
				return
			}
			e.pongs.Add(1)
			if e.opts.OnPong != nil {
				e.opts.OnPong()
			}
		}
	}
}

// echoAll (/ws/echo2) sends the message back unchanged, with its type,
// streaming it so that size does not matter.
func echoAll(ctx context.Context, c *websocket.Conn, typ websocket.MessageType, r io.Reader) error {
	w, err := c.Writer(ctx, typ)
	if err != nil {
		return err
	}
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	if _, err := io.CopyBuffer(w, r, *buf); err != nil {
		return err
	}
	return w.Close()
}

// bufPool holds echoAll's copy buffers, so an echo costs no 32 KiB allocation.
var bufPool = sync.Pool{New: func() any {
	b := make([]byte, 32<<10)
	return &b
}}

// echoJSON (/ws/echo) answers a text message that is a JSON object with
// "action":"echo" with the same object plus "server" (§1.15); anything else
// gets no reply.
func echoJSON(ctx context.Context, c *websocket.Conn, typ websocket.MessageType, r io.Reader) error {
	if typ != websocket.MessageText {
		_, err := io.Copy(io.Discard, r)
		return err
	}
	b, err := io.ReadAll(io.LimitReader(r, maxJSON+1))
	if err != nil {
		return err
	}
	if len(b) > maxJSON {
		_, err := io.Copy(io.Discard, r)
		return err
	}
	reply, ok := EchoReply(b)
	if !ok {
		return nil
	}
	return c.Write(ctx, websocket.MessageText, reply)
}
