package wsclient

import (
	"errors"
	"strings"
	"testing"
)

// TestWSSWithTestCA: wss to a server whose certificate a throwaway CA signed
// works when the CA is trusted through RootCAs or CAFile, with Insecure, and
// under Firmware quirks (no verification, §1.2).
func TestWSSWithTestCA(t *testing.T) {
	ca := newTestCA(t)
	base := ca.wssEcho(t)
	for name, o := range map[string]*Options{
		"RootCAs":  {RootCAs: ca.pool},
		"CAFile":   {CAFile: ca.file(t)},
		"Insecure": {Insecure: true},
		"Firmware": {Quirks: Firmware},
	} {
		t.Run(name, func(t *testing.T) {
			c := mustCreate(t, base+"/ws/echo2", o)
			connect(t, c)
			c.Send([]byte("over tls"), true, 0)
			if got := recvMessage(t, c, 1, DefaultRecvMax); string(got) != "over tls" {
				t.Fatalf("echo %q", got)
			}
		})
	}
}

// TestWSSHostnameMismatch: a trusted CA but a name the certificate does not
// cover is still a certificate failure (checked against "localhost" vs
// "127.0.0.1" SANs by dialing a name that is not in them).
func TestWSSHostnameMismatch(t *testing.T) {
	ca := newTestCA(t)
	base := ca.wssEcho(t)
	port := base[strings.LastIndexByte(base, ':'):]
	// "wrong.name" is not in the certificate; Dial sends it to 127.0.0.1.
	c := mustCreate(t, "wss://wrong.name"+port+"/ws/echo2", &Options{RootCAs: ca.pool, Dial: redirectTo("127.0.0.1" + port)})
	c.Connect()
	evs := expect(t, c, "error(connect)", "disconnect")
	if !errors.Is(evs[0].Err, ErrCertificate) {
		t.Fatalf("err %v", evs[0].Err)
	}
}

// TestCAFileErrors: a missing or empty CA file fails Create with the path.
func TestCAFileErrors(t *testing.T) {
	if _, err := Create("wss://hh/x", &Options{CAFile: "/nonexistent/ca.pem"}); err == nil || !strings.Contains(err.Error(), "CAFile") {
		t.Fatalf("missing file: %v", err)
	}
	empty := t.TempDir() + "/empty.pem"
	writeFile(t, empty, "")
	if _, err := Create("wss://hh/x", &Options{CAFile: empty}); err == nil || !strings.Contains(err.Error(), "no PEM") {
		t.Fatalf("empty file: %v", err)
	}
}

// TestWSSServerName: SNI carries the URL host (§1.2), none for an IP.
func TestWSSServerName(t *testing.T) {
	ca := newTestCA(t)
	base := ca.wssEcho(t)
	port := base[strings.LastIndexByte(base, ':'):]
	for url, want := range map[string]string{
		"wss://localhost" + port + "/ws/echo2": "localhost",
		"wss://127.0.0.1" + port + "/ws/echo2": "",
	} {
		c := mustCreate(t, url, &Options{RootCAs: ca.pool, Dial: redirectTo("127.0.0.1" + port)})
		connect(t, c)
		if got := <-ca.sni; got != want {
			t.Errorf("%s: SNI %q, want %q", url, got, want)
		}
		c.Close()
	}
}
