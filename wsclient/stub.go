package wsclient

// Stub bodies of the contract; the wsclient implementation replaces this file.

import "time"

// Client is one websocket client object, as websocket.create returns.
type Client struct{}

// Create parses url by the firmware's rules and returns an unconnected client.
func Create(url string, opts *Options) (*Client, error) { panic("unimplemented") }

// Events delivers the client's events in order; closed after Close. A slow
// reader stops the client reading the socket (backpressure), never drops.
func (c *Client) Events() <-chan Event { panic("unimplemented") }

// Connect starts an asynchronous connect; false if it failed at once.
func (c *Client) Connect() bool { panic("unimplemented") }

// Ready reports whether the handshake completed and the link is up.
func (c *Client) Ready() bool { panic("unimplemented") }

// Send queues one frame; ErrNotReady, ErrQueueFull or ErrTooLarge if not.
func (c *Client) Send(data []byte, fin bool, opcode int) error { panic("unimplemented") }

// AutoReconn enables reconnecting at a fixed interval (default 3 s, min 1 s).
func (c *Client) AutoReconn(enable bool, interval time.Duration) { panic("unimplemented") }

// SetHeaders sets extra handshake headers from name/value pairs.
func (c *Client) SetHeaders(pairs [][2]string) error { panic("unimplemented") }

// SetHeaderString sets extra handshake headers verbatim (CRLF-separated).
func (c *Client) SetHeaderString(s string) error { panic("unimplemented") }

// SetDebug turns LuatOS-format debug logging on or off.
func (c *Client) SetDebug(on bool) { panic("unimplemented") }

// URL returns the URL the client was created with.
func (c *Client) URL() string { panic("unimplemented") }

// Close releases everything; no Disconnect event follows. Idempotent.
func (c *Client) Close() error { panic("unimplemented") }
