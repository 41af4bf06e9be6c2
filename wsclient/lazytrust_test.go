package wsclient

import (
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWSNoCertPool: a ws:// client builds no trust pool, whatever the TLS
// options, while a wss:// client shares the process-wide system pool unless
// CAFile adds anchors (then it has its own clone).
func TestWSNoCertPool(t *testing.T) {
	ca := newTestCA(t)
	caFile := ca.file(t)
	for name, o := range map[string]*Options{
		"nil":     nil,
		"RootCAs": {RootCAs: ca.pool},
		"CAFile":  {CAFile: caFile},
	} {
		c := mustCreate(t, "ws://hh/x", o)
		if c.trust.pools != nil {
			t.Errorf("ws:// %s: %d cert pools, want none", name, len(c.trust.pools))
		}
	}
	shared := sharedSystemPool()
	a := mustCreate(t, "wss://hh/x", nil)
	b := mustCreate(t, "wss://hh/x", &Options{RootCAs: ca.pool})
	if len(a.trust.pools) != 1 || a.trust.pools[0] != shared {
		t.Errorf("wss:// without CAFile does not use the shared system pool")
	}
	if len(b.trust.pools) != 2 || b.trust.pools[0] != shared || b.trust.pools[1] != ca.pool {
		t.Errorf("wss:// with RootCAs: pools not [shared system, RootCAs]")
	}
	f := mustCreate(t, "wss://hh/x", &Options{CAFile: caFile})
	if len(f.trust.pools) != 1 || f.trust.pools[0] == shared {
		t.Errorf("wss:// with CAFile must use its own clone of the system pool")
	}
	if shared.Equal(f.trust.pools[0]) {
		t.Errorf("CAFile anchors not added to the clone")
	}
	if sharedSystemPool() != shared {
		t.Errorf("system pool not cached")
	}
}

// TestCAFileErrorsWS: Create fails the same way for ws:// as for wss:// on
// a bad CAFile, although ws:// builds no pool.
func TestCAFileErrorsWS(t *testing.T) {
	empty := t.TempDir() + "/empty.pem"
	writeFile(t, empty, "not a certificate\n")
	for _, file := range []string{"/nonexistent/ca.pem", empty} {
		_, errWS := Create("ws://hh/x", &Options{CAFile: file})
		_, errWSS := Create("wss://hh/x", &Options{CAFile: file})
		if errWS == nil || errWSS == nil || errWS.Error() != errWSS.Error() {
			t.Errorf("%s: ws:// %v, wss:// %v", file, errWS, errWSS)
		}
	}
	// Insecure skips the file for both, as before.
	for _, u := range []string{"ws://hh/x", "wss://hh/x"} {
		if _, err := Create(u, &Options{CAFile: "/nonexistent/ca.pem", Insecure: true}); err != nil {
			t.Errorf("%s Insecure: %v", u, err)
		}
	}
}

// TestConnectLogsSynchronously: the "connect host" line is in the log when
// Connect returns (the firmware logs it inside connect(), §1.5), before any
// dial; the dial here blocks, so nothing async can have logged it.
func TestConnectLogsSynchronously(t *testing.T) {
	logs := newLogSink()
	release := make(chan struct{})
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil, syscall.ECONNREFUSED
	}
	c := mustCreate(t, "ws://example.com:8080/x", &Options{Logf: logs.logf, Dial: dial})
	if !c.Connect() {
		t.Fatal("Connect returned false")
	}
	want := "I/websocket connect host example.com port 8080"
	if got := logs.all(); len(got) != 1 || got[0] != want {
		t.Fatalf("log at Connect return: %q, want [%q]", got, want)
	}
	close(release)
	expect(t, c, "error(connect)", "disconnect")
}

// TestReconnectLogsConnect: each autoreconnect logs "connect host" when the
// timer fires, before its dial, after the "reconnect after" line.
func TestReconnectLogsConnect(t *testing.T) {
	lowerReconnectFloor(t)
	logs := newLogSink()
	dial := func(context.Context, string, string) (net.Conn, error) {
		logs.logf("dial")
		return nil, syscall.ECONNREFUSED
	}
	c := mustCreate(t, "ws://hh:81/x", &Options{Logf: logs.logf, Dial: dial})
	c.AutoReconn(true, 20*time.Millisecond)
	c.Connect()
	expect(t, c, "error(connect)", "disconnect", "error(connect)", "disconnect")
	c.Close()
	one := []string{
		"I/websocket connect host hh port 81",
		"dial",
		"W/websocket websocket_callback param1 -1, closing socket",
		"I/websocket reconnect after 20ms",
	}
	got := logs.all()
	want := append(append([]string(nil), one...), one...)
	if len(got) < len(want) || strings.Join(got[:len(want)], "\n") != strings.Join(want, "\n") {
		t.Fatalf("log lines\n%s\nwant prefix\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHeapPerClient reports the heap retained per connected ws:// client
// (100 clients on the built-in echo server; the server's side of each
// connection is in this process too), per unconnected wss:// client, and
// what one x509.SystemCertPool copy costs (what newTrust used to retain per
// client). Run with -v to see the figures; -short skips it.
func TestHeapPerClient(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	const n = 100
	heap := func() int64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	perClient := func(before, after int64) string {
		d := float64(after-before) / n
		return fmt.Sprintf("%.0f B (%.1f KiB)", d, d/1024)
	}
	create := func(url string, connected bool) []*Client {
		cs := make([]*Client, 0, n)
		for range n {
			c, err := Create(url, nil)
			if err != nil {
				t.Fatal(err)
			}
			if connected {
				connect(t, c)
			}
			cs = append(cs, c)
		}
		return cs
	}
	closeAll := func(cs []*Client) {
		for _, c := range cs {
			c.Close()
		}
	}
	sharedSystemPool() // loaded once, outside the measurements
	srv := echoServer(t, nil)
	url := "ws://" + srv.Addr() + "/ws/echo2"
	for _, m := range []struct {
		name, url string
		connected bool
	}{
		{"ws:// unconnected", url, false},
		{"wss:// unconnected", "wss://hh/x", false},
		{"ws:// connected to wsecho (incl. the server side)", url, true},
	} {
		before := heap()
		cs := create(m.url, m.connected)
		after := heap()
		t.Logf("%s: %s per client", m.name, perClient(before, after))
		closeAll(cs)
	}

	before := heap()
	pools := make([]*x509.CertPool, 0, n)
	for range n {
		p, _ := x509.SystemCertPool()
		pools = append(pools, p)
	}
	after := heap()
	runtime.KeepAlive(pools)
	t.Logf("one x509.SystemCertPool copy (old per-client cost): %s", perClient(before, after))
}
