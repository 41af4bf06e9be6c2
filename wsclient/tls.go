package wsclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
)

// ErrCertificate marks a wss certificate verification failure. The wrapping
// error names the options that fix it.
var ErrCertificate = errors.New("wsclient: certificate verification failed")

// trust is what a wss connection verifies against: the system roots plus
// Options.CAFile in one pool, and Options.RootCAs tried as a second pool
// (x509.CertPool cannot be merged, so each pool is tried in turn). A ws://
// client has no pools at all.
type trust struct {
	pools []*x509.CertPool
	skip  bool // Options.Insecure, or Firmware quirks (no verification, §1.2)
}

// systemPool is the system root pool, loaded once per process and shared by
// every wss client (x509.SystemCertPool returns a fresh copy, tens of KiB, on
// each call). It is only read; clients that add CAFile anchors clone it.
var systemPool = sync.OnceValues(x509.SystemCertPool)

// sharedSystemPool returns the shared system pool, or a shared empty pool if
// the system roots cannot be loaded (as before: verification then relies on
// CAFile/RootCAs only).
func sharedSystemPool() *x509.CertPool {
	if sys, err := systemPool(); err == nil && sys != nil {
		return sys
	}
	return emptyPool()
}

var emptyPool = sync.OnceValue(x509.NewCertPool)

// newTrust builds the trust anchors at Create, for wss only. Without CAFile
// the process-wide system pool is used as is; with it, that pool is cloned
// and the file's certificates are added. A ws:// client gets no pool, but a
// CAFile is still read and checked, so Create fails the same way for both.
func newTrust(o *Options, tlsTarget bool) (*trust, error) {
	t := &trust{skip: o.Insecure || o.Quirks == Firmware}
	if t.skip {
		return t, nil
	}
	var caPEM []byte
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("wsclient: CAFile: %w", err)
		}
		caPEM = pem
	}
	if !tlsTarget {
		if caPEM != nil && !pemHasCert(caPEM) {
			return nil, fmt.Errorf("wsclient: CAFile %s: no PEM certificate in it", o.CAFile)
		}
		return t, nil
	}
	sys := sharedSystemPool()
	if caPEM != nil {
		sys = sys.Clone()
		if !sys.AppendCertsFromPEM(caPEM) {
			return nil, fmt.Errorf("wsclient: CAFile %s: no PEM certificate in it", o.CAFile)
		}
	}
	t.pools = append(make([]*x509.CertPool, 0, 2), sys)
	if o.RootCAs != nil {
		t.pools = append(t.pools, o.RootCAs)
	}
	return t, nil
}

// pemHasCert reports whether AppendCertsFromPEM would accept pemCerts (a
// CERTIFICATE block without headers that parses), without building a pool.
func pemHasCert(pemCerts []byte) bool {
	for len(pemCerts) > 0 {
		var block *pem.Block
		block, pemCerts = pem.Decode(pemCerts)
		if block == nil {
			return false
		}
		if block.Type != "CERTIFICATE" || len(block.Headers) != 0 {
			continue
		}
		if _, err := x509.ParseCertificate(block.Bytes); err == nil {
			return true
		}
	}
	return false
}

// handshake runs the TLS client handshake over raw with SNI set to host, as
// the firmware does (luatos-semantics.md §1.2), and verifies by t.
func (t *trust) handshake(ctx context.Context, raw net.Conn, host string) (net.Conn, error) {
	cfg := &tls.Config{
		ServerName:         host,
		InsecureSkipVerify: true, // verified below, against every pool
		VerifyConnection:   t.verify(host),
	}
	if net.ParseIP(host) != nil {
		cfg.ServerName = "" // no SNI for IP literals; verify still checks the IP SAN
	}
	tc := tls.Client(raw, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		if errors.Is(err, ErrCertificate) {
			return nil, err
		}
		return nil, fmt.Errorf("wsclient: TLS handshake with %s: %w", host, err)
	}
	return tc, nil
}

// verify returns the VerifyConnection callback: success if any pool
// verifies the chain for host.
func (t *trust) verify(host string) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		if t.skip {
			return nil
		}
		if len(cs.PeerCertificates) == 0 {
			return fmt.Errorf("%w: %s sent no certificate", ErrCertificate, host)
		}
		inter := x509.NewCertPool()
		for _, c := range cs.PeerCertificates[1:] {
			inter.AddCert(c)
		}
		var last error
		for _, p := range t.pools {
			_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{DNSName: host, Roots: p, Intermediates: inter})
			if err == nil {
				return nil
			}
			last = err
		}
		return fmt.Errorf("%w for %s: %w; set Options.CAFile (or RootCAs) to trust its CA, or Options.Insecure to skip verification",
			ErrCertificate, host, last)
	}
}
