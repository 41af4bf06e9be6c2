package wsclient

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"

	"github.com/coder/websocket"
)

// Error kinds of the "error" event (luatos-semantics.md §1.4).
const (
	KindConnect = "connect"
	KindTx      = "tx"
	KindRx      = "rx"
)

// placeholderHost is the host of the URL handed to coder/websocket. The
// transport below ignores the address net/http derives from it and dials
// Target.Addr() through Options.Dial, so hosts the firmware accepts but a
// URL cannot hold (its "ws://a/x" quirk) still reach the dialer and fail
// there, as they do on the device. The Host header is set explicitly.
const placeholderHost = "wsclient.invalid"

// dial opens the TCP (and TLS) connection through Options.Dial and runs the
// handshake with coder/websocket.
func (c *Client) dial(ctx context.Context, act *activity) (*websocket.Conn, error) {
	hctx, cancel := context.WithTimeout(ctx, c.opts.HandshakeTimeout)
	defer cancel()
	tr := c.transport(act)
	defer tr.CloseIdleConnections()
	scheme := "ws://"
	if c.target.TLS {
		scheme = "wss://"
	}
	c.mu.Lock()
	hdr := c.header.Clone()
	c.mu.Unlock()
	ws, resp, err := websocket.Dial(hctx, scheme+placeholderHost+c.target.Path, &websocket.DialOptions{
		HTTPClient: &http.Client{
			Transport:     tr,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		HTTPHeader:      hdr,
		Host:            c.hostHeader(),
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		return nil, &dialError{err: err, resp: resp}
	}
	ws.SetReadLimit(-1) // messages are streamed in RecvMax pieces, never buffered whole
	return ws, nil
}

// dialError carries the handshake response, if one came, for classification.
type dialError struct {
	err  error
	resp *http.Response
}

func (e *dialError) Error() string { return e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// dialFailed logs a failed connect and returns its error kind (§1.4): a
// response that was not 101 is "rx", anything before one (DNS, refused, TLS,
// reset, HandshakeTimeout) is "connect". The log lines are §1.12's; the
// param1 value -1 is inferred.
func (c *Client) dialFailed(err error) string {
	var de *dialError
	if errors.As(err, &de) && de.resp != nil {
		c.logf("E/websocket server not support websocket? resp code %s %d", de.resp.Proto, de.resp.StatusCode)
		return KindRx
	}
	c.logf("W/websocket websocket_callback param1 -1, closing socket")
	c.debugf("D/websocket connect failed: %v", err)
	return KindConnect
}

// hostHeader is "host:port" under Firmware quirks (the firmware always sends
// the port, §1.3) and the usual form, port omitted when default, in Spec.
func (c *Client) hostHeader() string {
	t := c.target
	if c.opts.Quirks == Spec && (t.TLS && t.Port == 443 || !t.TLS && t.Port == 80) {
		return t.Host
	}
	return t.Host + ":" + strconv.Itoa(t.Port)
}

// transport returns a one-use HTTP transport that dials Target through
// Options.Dial (and TLS with our trust), with no proxy, no HTTP/2 and no
// connection reuse.
func (c *Client) transport(act *activity) *http.Transport {
	return &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return c.dialTCP(ctx, act)
		},
		DialTLSContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			raw, err := c.dialTCP(ctx, act)
			if err != nil {
				return nil, err
			}
			return c.trust.handshake(ctx, raw, c.target.Host)
		},
		DisableKeepAlives:  true,
		DisableCompression: true,
		TLSNextProto:       map[string]func(string, *tls.Conn) http.RoundTripper{},
	}
}

// dialTCP dials Target.Addr() through Options.Dial (net.Dialer if nil),
// trying tcp6 first when Options.IPv6 is set, and counts activity on the conn.
func (c *Client) dialTCP(ctx context.Context, act *activity) (net.Conn, error) {
	dial := c.opts.Dial
	if dial == nil {
		var d net.Dialer
		dial = d.DialContext
	}
	addr := c.target.Addr()
	if c.opts.IPv6 {
		if conn, err := dial(ctx, "tcp6", addr); err == nil {
			return act.wrap(conn), nil
		}
	}
	conn, err := dial(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("wsclient: dial %s: %w", addr, err)
	}
	return act.wrap(conn), nil
}
