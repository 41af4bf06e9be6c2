package wsclient

// This file is the package's public contract, fixed before implementation so
// that the AT surface and the Lua runtime can be written in parallel. The
// implementation may add exported API and replace the stub bodies; changing
// what is here needs a note in the issue.

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"time"
)

// EventKind names a LuatOS websocket event.
type EventKind int

// The events of wsc:on, in LuatOS's names.
const (
	Conack EventKind = iota + 1
	Recv
	Sent
	Disconnect
	Error
)

// Event is one callback invocation of wsc:on.
type Event struct {
	Kind    EventKind
	Data    []byte // Recv: one piece, at most Options.RecvMax bytes
	Fin     bool   // Recv: last piece of the message
	Opcode  int    // Recv: RFC 6455 opcode: 1 text, 2 binary, 0 continuation
	ErrKind string // Error: "connect", "tx" or "rx"
	Err     error  // Error: the cause, for logs
}

// Quirks selects between the documented API and what the firmware really does.
type Quirks int

const (
	// Spec follows the seed documentation: send(data, fin, opcode) as written.
	Spec Quirks = iota
	// Firmware reproduces the firmware: FIN forced to 1, the third argument
	// selects binary, header values percent-encoded, no certificate check,
	// RecvMax cap with error("rx") beyond it.
	Firmware
)

// Options configures a Client; nil means defaults.
type Options struct {
	// Dial opens the TCP connection (a netif interface's DialContext).
	// Nil dials with net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Keepalive is the idle time after which an empty ping is sent (60 s).
	Keepalive time.Duration
	// IPv6 prefers IPv6 in lookups.
	IPv6 bool
	// Quirks picks Spec or Firmware behaviour.
	Quirks Quirks
	// RecvMax is the receive piece size and, under Firmware quirks, the
	// largest accepted frame (8192, the board's buffer).
	RecvMax int
	// RootCAs and CAFile add trust anchors for wss; Insecure skips checks.
	RootCAs  *x509.CertPool
	CAFile   string
	Insecure bool
	// SendQueue bounds queued outgoing messages (default 16).
	SendQueue int
	// Logf receives LuatOS-format log lines ("I/websocket connect host ...").
	// It is called from the client's goroutines and must not call back into
	// the client.
	Logf func(line string)
	// HandshakeTimeout bounds TCP connect, TLS and the HTTP upgrade together
	// (default 30 s); past it the connect fails as error("connect"). An
	// emulator addition, so that a server that accepts and never answers
	// cannot leave a connect pending forever.
	HandshakeTimeout time.Duration
}

// Errors returned by Send and Create.
var (
	ErrNotReady  = errors.New("wsclient: not ready")
	ErrQueueFull = errors.New("wsclient: send queue full")
	ErrTooLarge  = errors.New("wsclient: message too large")
	ErrClosed    = errors.New("wsclient: closed")
	ErrBadURL    = errors.New("wsclient: bad url")
)
