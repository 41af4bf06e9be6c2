package netif

import (
	"errors"
	"fmt"
	"net"
	"syscall"
)

// Sentinel errors. Every error a Dial, Read or Write returns because of the
// simulation wraps one of these and, where one fits, the errno a real socket
// would report (so errors.Is(err, syscall.ECONNRESET) works as on Linux).
var (
	// ErrDown: the interface is down (administratively, by config or by an
	// outage). Dials fail with it (plus ENETUNREACH); open connections are
	// reset with it (plus ECONNRESET).
	ErrDown = errors.New("netif: interface down")
	// ErrDNS: a name lookup failed, simulated (dnsfail) or real. Wraps a
	// *net.DNSError as well.
	ErrDNS = errors.New("netif: DNS lookup failed")
	// ErrConnFail: a connect failed, simulated (connfail, plus ECONNREFUSED)
	// or real.
	ErrConnFail = errors.New("netif: connect failed")
	// ErrReset: a segment was lost `retries` times in a row, so the
	// connection was reset on both ends (plus ECONNRESET).
	ErrReset = errors.New("netif: connection reset after retransmission limit")
	// ErrDropped: a drop= rule reset the connection (plus ECONNRESET).
	ErrDropped = errors.New("netif: connection dropped")
)

// opError builds the *net.OpError a real socket would return, with err
// wrapping both the netif sentinel and the errno.
func opError(op string, c net.Conn, network string, sentinel error, errno syscall.Errno) error {
	oe := &net.OpError{Op: op, Net: network, Err: fmt.Errorf("%w: %w", sentinel, errno)}
	if c != nil {
		oe.Source, oe.Addr = c.LocalAddr(), c.RemoteAddr()
	}
	return oe
}

// dnsError returns the error of a failed lookup of host: ErrDNS wrapping a
// *net.DNSError.
func dnsError(host, reason string, cause error) error {
	de := &net.DNSError{Err: reason, Name: host, IsNotFound: cause == nil}
	if cause != nil {
		return fmt.Errorf("%w: %w: %w", ErrDNS, de, cause)
	}
	return fmt.Errorf("%w: %w", ErrDNS, de)
}
