package wsclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
)

// ErrCertificate marks a wss certificate verification failure. The wrapping
// error names the options that fix it.
var ErrCertificate = errors.New("wsclient: certificate verification failed")

// trust is what a wss connection verifies against: the system roots plus
// Options.CAFile in one pool, and Options.RootCAs tried as a second pool
// (x509.CertPool cannot be merged, so each pool is tried in turn).
type trust struct {
	pools []*x509.CertPool
	skip  bool // Options.Insecure, or Firmware quirks (no verification, §1.2)
}

// newTrust builds the trust anchors once, at Create.
func newTrust(o *Options) (*trust, error) {
	t := &trust{skip: o.Insecure || o.Quirks == Firmware}
	if t.skip {
		return t, nil
	}
	sys, err := x509.SystemCertPool()
	if err != nil {
		sys = x509.NewCertPool()
	}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("wsclient: CAFile: %w", err)
		}
		if !sys.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("wsclient: CAFile %s: no PEM certificate in it", o.CAFile)
		}
	}
	t.pools = append(t.pools, sys)
	if o.RootCAs != nil {
		t.pools = append(t.pools, o.RootCAs)
	}
	return t, nil
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
		return fmt.Errorf("%w for %s: %v; set Options.CAFile (or RootCAs) to trust its CA, or Options.Insecure to skip verification",
			ErrCertificate, host, last)
	}
}
