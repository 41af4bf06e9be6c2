package netif

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// DialContext dials addr ("host:port") over network ("tcp", "tcp4", "tcp6",
// "udp", "udp4", "udp6") through the interface. In order: it fails with
// ErrDown (ENETUNREACH) when the interface is down; maps the host through
// Options.Hosts (a mapped port replaces the dialed one); resolves a name
// (dnsfail → ErrDNS); for TCP, draws connfail (→ ErrConnFail,
// ECONNREFUSED) and waits one simulated round trip (two latency draws) as
// the handshake would; and dials the real address. The returned net.Conn
// passes every segment through the interface's stages in both directions.
func (i *Interface) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	idx := i.dials.Add(1)
	if err := checkNetwork(network); err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	if i.set.isClosed() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: net.ErrClosed}
	}
	if !i.Up() {
		return nil, i.dialErr(network, addr, ErrDown, syscall.ENETUNREACH)
	}
	host, port, err := i.splitMapped(addr)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	ips, err := i.Lookup(ctx, host)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	if network[0] == 't' { // UDP has no handshake that could fail or take time
		p := i.plan.Load()
		if p.conFail > 0 && i.rng.Float64() < p.conFail {
			i.ctr.connFail.Add(1)
			return nil, i.dialErr(network, addr, ErrConnFail, syscall.ECONNREFUSED)
		}
		if err := i.handshake(ctx, p); err != nil {
			return nil, &net.OpError{Op: "dial", Net: network, Err: err}
		}
	}
	raw, err := i.dialAny(ctx, network, ips, port)
	if err != nil {
		i.ctr.connFail.Add(1)
		return nil, fmt.Errorf("%w: %w", ErrConnFail, err)
	}
	return i.adopt(raw, network, idx)
}

func checkNetwork(network string) error {
	switch network {
	case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6":
		return nil
	}
	return fmt.Errorf("netif: network %q not supported (want tcp, tcp4, tcp6, udp, udp4 or udp6)", network)
}

func (i *Interface) dialErr(network, addr string, sentinel error, errno syscall.Errno) error {
	return &net.OpError{Op: "dial", Net: network, Addr: stringAddr{network, addr}, Err: fmt.Errorf("%w: %w", sentinel, errno)}
}

// stringAddr is a net.Addr for an address that was never resolved.
type stringAddr struct{ net, addr string }

func (a stringAddr) Network() string { return a.net }
func (a stringAddr) String() string  { return a.addr }

// splitMapped splits addr and, when Options.Hosts maps the host to
// "HOST:PORT", returns that port instead of the dialed one (the host itself
// is mapped by Lookup).
func (i *Interface) splitMapped(addr string) (host, port string, err error) {
	host, port, err = net.SplitHostPort(addr)
	if err != nil {
		return "", "", fmt.Errorf("netif: address %q: %w", addr, err)
	}
	if m, ok := i.set.hosts[strings.ToLower(host)]; ok {
		if _, p, err := net.SplitHostPort(m); err == nil {
			port = p
		}
	}
	return host, port, nil
}

// mappedHost returns the host part of the hosts-map entry for name, if any.
func (i *Interface) mappedHost(name string) (string, bool) {
	m, ok := i.set.hosts[strings.ToLower(name)]
	if !ok {
		return "", false
	}
	if h, _, err := net.SplitHostPort(m); err == nil {
		return h, true
	}
	return strings.Trim(m, "[]"), true
}

// Lookup resolves host as the device would: an IP literal as itself, a name
// through Options.Hosts first, then the system resolver. It fails with
// ErrDown when the interface is down and with ErrDNS (wrapping a
// *net.DNSError) on a simulated dnsfail or a real failure.
func (i *Interface) Lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if !i.Up() {
		return nil, fmt.Errorf("%w: %w", ErrDown, syscall.ENETUNREACH)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip.Unmap()}, nil
	}
	if p := i.plan.Load(); p.dnsFail > 0 && i.rng.Float64() < p.dnsFail {
		i.ctr.dnsFailures.Add(1)
		return nil, dnsError(host, "no such host (simulated dnsfail)", nil)
	}
	target := host
	if m, ok := i.mappedHost(host); ok {
		target = m
	}
	if ip, err := netip.ParseAddr(target); err == nil {
		return []netip.Addr{ip.Unmap()}, nil
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", target)
	if err != nil {
		i.ctr.dnsFailures.Add(1)
		return nil, dnsError(host, "lookup failed", err)
	}
	return ips, nil
}

// handshake waits one simulated round trip when latency is configured.
func (i *Interface) handshake(ctx context.Context, p *plan) error {
	if p.latency == 0 && p.jitter == 0 {
		return nil
	}
	rtt := sampleDelay(i.rng, p) + sampleDelay(i.rng, p)
	t := time.NewTimer(rtt)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// dialAny dials each address in turn until one answers.
func (i *Interface) dialAny(ctx context.Context, network string, ips []netip.Addr, port string) (net.Conn, error) {
	var first error
	for _, ip := range ips {
		if !familyFits(network, ip) {
			continue
		}
		c, err := i.set.dial(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if first == nil {
		first = fmt.Errorf("netif: no %s address among %v", network, ips)
	}
	return nil, first
}

func familyFits(network string, ip netip.Addr) bool {
	switch network[len(network)-1] {
	case '4':
		return ip.Is4()
	case '6':
		return ip.Is6()
	}
	return true
}
