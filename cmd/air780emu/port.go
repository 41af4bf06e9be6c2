package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
)

// Port is where the host attaches: a PTY, a real serial device or a TCP
// listener. Read blocks until the host sends; Close is idempotent and
// unblocks a pending Read or Write.
type Port interface {
	io.ReadWriter
	Close() error
	// Addr is what the host opens: the /dev/pts/N path, the device path or
	// the TCP listen address.
	Addr() string
}

type portKind int

const (
	portPTY portKind = iota + 1
	portTCP
	portSerial
)

// portSpec is a parsed -port value.
type portSpec struct {
	kind portKind
	addr string // TCP HOST:PORT or device path; empty for pty
}

// String renders the spec as -port would take it.
func (p portSpec) String() string {
	switch p.kind {
	case portTCP:
		return "tcp://" + p.addr
	case portSerial:
		return p.addr
	}
	return "pty"
}

const portAccepted = "want pty, tcp://HOST:PORT or a device path such as /dev/ttyUSB0"

// parsePortSpec parses -port: "pty", "tcp://HOST:PORT" or a path. It does not
// open or bind anything (-check relies on that).
func parsePortSpec(v string) (portSpec, error) {
	switch {
	case v == "pty":
		return portSpec{kind: portPTY}, nil
	case strings.HasPrefix(v, "tcp://"):
		addr := strings.TrimPrefix(v, "tcp://")
		host, port, err := net.SplitHostPort(addr)
		if err != nil || strings.Contains(host, "/") {
			return portSpec{}, usagef("-port %q: %s", v, portAccepted)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return portSpec{}, usagef("-port %q: port %q: want 0 to 65535", v, port)
		}
		return portSpec{kind: portTCP, addr: addr}, nil
	case strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./"):
		return portSpec{kind: portSerial, addr: v}, nil
	}
	return portSpec{}, usagef("-port %q: %s", v, portAccepted)
}

// openPort opens the port a plan names.
func openPort(ctx context.Context, p *plan, log *slog.Logger) (Port, error) {
	switch p.port.kind {
	case portTCP:
		return listenTCP(ctx, p.port.addr)
	case portSerial:
		return openSerial(p.port.addr, p.s.Baud, log)
	}
	return openPTY(p.s.Link)
}
