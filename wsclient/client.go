package wsclient

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of Options (luatos-semantics.md §1.2, §1.7; contract notes).
const (
	DefaultKeepalive = 60 * time.Second
	DefaultRecvMax   = 8192 // WEBSOCKET_PAYLOAD_MAX without PSRAM, §1.7
	DefaultSendQueue = 16
	// DefaultHandshakeTimeout is Options.HandshakeTimeout's default.
	DefaultHandshakeTimeout = 30 * time.Second
	// DefaultSendQueueBytes bounds the bytes queued but not yet written (Spec);
	// one message larger than this is still accepted when the queue is empty.
	DefaultSendQueueBytes = 1 << 20
	// MaxMessage is the largest message Send accepts in Spec mode.
	MaxMessage = 16 << 20
	// FirmwareMaxSend: the firmware refuses payloads of 65535 bytes or more
	// ("E/websocket pkg too large", §1.6).
	FirmwareMaxSend = 65535
	eventBuffer     = 64
)

// Client is one websocket client object, as websocket.create returns. Its
// methods are safe for concurrent use.
type Client struct {
	url    string
	target Target
	opts   Options // defaults filled
	trust  *trust
	events chan Event

	ctx    context.Context // cancelled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup // every goroutine of the client

	debug atomic.Bool

	mu        sync.Mutex
	closed    bool
	closeDone chan struct{}
	header    http.Header
	reconn    time.Duration // 0: autoreconn off
	sup       *supervisor   // the current connect loop, nil if none
	cur       *session      // the ready session, nil when not ready
}

// Create parses url by the firmware's rules (see ParseURL) and returns an
// unconnected client. opts may be nil; it is copied.
func Create(url string, opts *Options) (*Client, error) {
	t, err := ParseURL(url)
	if err != nil {
		return nil, err
	}
	o := withDefaults(opts)
	if err := o.check(); err != nil {
		return nil, err
	}
	tr, err := newTrust(&o, t.TLS)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Client{
		url: url, target: t, opts: o, trust: tr,
		events: make(chan Event, eventBuffer),
		ctx:    ctx, cancel: cancel,
		closeDone: make(chan struct{}),
	}, nil
}

func withDefaults(opts *Options) Options {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Keepalive <= 0 {
		o.Keepalive = DefaultKeepalive
	}
	if o.RecvMax <= 0 {
		o.RecvMax = DefaultRecvMax
	}
	if o.SendQueue <= 0 {
		o.SendQueue = DefaultSendQueue
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = DefaultHandshakeTimeout
	}
	return o
}

// Upper bounds of Options, so that no setting makes memory unbounded.
const (
	MaxRecvMax   = 1 << 20 // receive piece size (the reader keeps two)
	MaxSendQueue = 4096    // queued messages
)

// check rejects option values beyond the bounds.
func (o *Options) check() error {
	if o.RecvMax > MaxRecvMax {
		return fmt.Errorf("wsclient: Options.RecvMax %d over %d", o.RecvMax, MaxRecvMax)
	}
	if o.SendQueue > MaxSendQueue {
		return fmt.Errorf("wsclient: Options.SendQueue %d over %d", o.SendQueue, MaxSendQueue)
	}
	return nil
}

// Events delivers the client's events in order (see the package doc for the
// order per failure path). The channel is buffered; a consumer that stops
// reading stops the client reading the socket (TCP backpressure), nothing is
// dropped. After Close returns the channel yields nothing more and is closed.
func (c *Client) Events() <-chan Event { return c.events }

// URL returns the URL the client was created with.
func (c *Client) URL() string { return c.url }

// Target returns the parsed URL.
func (c *Client) Target() Target { return c.target }

// Ready reports whether the handshake completed and the link is up
// (wsc:ready(), §1.11): false while connecting, after a disconnect, after Close.
func (c *Client) Ready() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur != nil
}

// SetDebug turns extra "D/websocket ..." lines on or off (an emulator
// addition: the firmware's debug() sets the adapter's debug flag, whose lines
// are not reproduced). The I/W/E lines of §1.12 are always logged. A no-op
// after Close.
func (c *Client) SetDebug(on bool) { c.debug.Store(on) }

func (c *Client) debugOn() bool { return c.debug.Load() }

// AutoReconn enables reconnecting after every internal close at a fixed
// interval, forever (§1.9): 0 means 3 s, values under 1 s are raised to 1 s.
// Disabling takes effect at once: a reconnect already waiting checks the
// setting when its timer fires and does not connect. Close cancels it.
func (c *Client) AutoReconn(enable bool, interval time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !enable {
		c.reconn = 0
		return
	}
	c.reconn = ClampReconnect(interval)
}

// ClampReconnect applies the firmware's rule to an autoreconn interval
// (§1.9): 0 means 3000 ms, under 1000 ms means 1000 ms.
func ClampReconnect(d time.Duration) time.Duration {
	switch {
	case d == 0:
		return 3 * time.Second
	case d < minReconnect:
		return minReconnect
	}
	return d
}

// minReconnect is the firmware's floor; tests lower it to keep runs short.
var minReconnect = time.Second

// Close releases everything: it cancels a connect, a pending reconnect and
// the connection (no close frame is sent, as in the firmware, §1.11), waits
// for every goroutine of the client to exit, discards events not yet received
// (the firmware drops its callback first, so no "disconnect" is delivered)
// and closes the Events channel. Idempotent; a second call waits for the first.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		c.logf("W/websocket websocket already closed")
		<-c.closeDone
		return nil
	}
	c.closed, c.cur, c.reconn = true, nil, 0
	c.mu.Unlock()
	c.logf("I/websocket websocket closing socket")
	c.cancel()
	c.wg.Wait()
	c.discardEvents()
	close(c.events)
	close(c.closeDone)
	return nil
}

// discardEvents empties the event buffer without blocking (a consumer may
// be receiving at the same time).
func (c *Client) discardEvents() {
	for {
		select {
		case <-c.events:
		default:
			return
		}
	}
}

// logf sends one LuatOS-format line to Options.Logf.
func (c *Client) logf(format string, args ...any) {
	if c.opts.Logf != nil {
		c.opts.Logf(fmt.Sprintf(format, args...))
	}
}

// debugf logs a D/websocket line when SetDebug(true).
func (c *Client) debugf(format string, args ...any) {
	if c.debugOn() {
		c.logf(format, args...)
	}
}

// emit delivers ev unless ctx ends first; false means it was not delivered.
func (c *Client) emit(ctx context.Context, ev Event) bool {
	if ctx.Err() != nil {
		return false
	}
	select {
	case c.events <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}
