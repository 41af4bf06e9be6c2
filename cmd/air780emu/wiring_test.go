package main

import (
	"testing"
	"time"

	"github.com/air780emu/air780emu/emulator"
	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
)

// TestEchoHostWiring: with no -hosts, the built-in echo server is started
// and echo.airtun.air32.cn maps to its loopback address; when -hosts names
// that host, no echo server is started and the user's address is used.
func TestEchoHostWiring(t *testing.T) {
	for _, c := range []struct {
		args      []string
		wantEcho  bool
		wantHosts string
	}{
		{nil, true, "echo.airtun.air32.cn=127.0.0.1:1"},
		{[]string{"-hosts", "Echo.Airtun.Air32.cn=127.0.0.1:9"}, false, "echo.airtun.air32.cn=127.0.0.1:9"},
		{[]string{"-hosts", "a.b=127.0.0.1:5"}, true, "a.b=127.0.0.1:5 echo.airtun.air32.cn=127.0.0.1:1"},
	} {
		a := fakeApp()
		started := false
		a.startEcho = func(addr string) (echoServer, error) {
			if addr != "127.0.0.1:0" {
				t.Errorf("echo server on %q, want loopback port 0", addr)
			}
			started = true
			return stubEcho{}, nil
		}
		var got emulator.Config
		a.newDevice = func(c emulator.Config) (device, error) { got = c; return fakeDevice{}, nil }
		r := startApp(t, a, append(c.args, "-seed", "9", "-boot", "none", "-quirks", "firmware",
			"-net", "LWIP_GP:latency=5ms", "-state", "/tmp/x.state")...)
		r.Stop(t)
		if started != c.wantEcho || formatHosts(got.Hosts) != c.wantHosts {
			t.Fatalf("%v: echo started %v, hosts %q; want %v, %q", c.args, started, formatHosts(got.Hosts), c.wantEcho, c.wantHosts)
		}
		if got.Seed != 9 || got.Board.Name != "Air780E" || got.Boot == nil || *got.Boot != (emulator.BootTiming{}) ||
			got.Logger == nil || got.Quirks != wsclient.Firmware || got.StatePath != "/tmp/x.state" ||
			len(got.Net) != 1 || got.Net[netif.LWIPGP].Latency != 5*time.Millisecond {
			t.Fatalf("config %+v", got)
		}
	}
}

// TestWebsocketToBuiltinEcho: with no network settings, a websocket opened
// over AT to ws://echo.airtun.air32.cn/ws/echo2 reaches the built-in echo
// server through the PTY and the emulator (DESIGN.md "With no flags it must
// be useful"). The AT+WS* formats are DESIGN.md "The AT surface" §3.
func TestWebsocketToBuiltinEcho(t *testing.T) {
	r := realApp(t)
	p := openHost(t, r.Addr)
	defer p.Close()
	h := &hostDriver{rw: p}
	h.untilOK(t, "AT", 20)
	h.expect(t, "ATE0")
	h.expect(t, "AT+CMEE=2") // verbose errors, should a step fail
	h.poll(t, "AT+CGATT?", "+CGATT: 1", 5*time.Second)
	if _, final, err := h.cmd("AT+WSCREATE=?"); err != nil || final != "OK" {
		// The emulator owns AT+WS*; until its ServeAT installs them this
		// wiring cannot be exercised end to end (reported to the lead).
		t.Skipf("AT+WSCREATE=? answered %q (%v): AT+WS* not installed by the emulator yet", final, err)
	}
	h.expect(t, `AT+WSCREATE=0,"ws://echo.airtun.air32.cn/ws/echo2"`)
	h.expect(t, "AT+WSCONNECT=0")
	waitLine(t, h, "+WSCONACK: 0")
	if _, err := p.Write([]byte("AT+WSSEND=0,5\r")); err != nil {
		t.Fatal(err)
	}
	if err := h.prompt(3 * time.Second); err != nil {
		t.Fatal(err)
	}
	p.Write([]byte("hello"))
	waitLine(t, h, "OK")
	waitLine(t, h, "+WSRECV: 0,5,1,1")
	if l, err := h.line(3 * time.Second); err != nil || l != "hello" {
		t.Fatalf("echoed payload %q %v, want hello", l, err)
	}
}

// waitLine reads lines until want, failing after 5 s.
func waitLine(t *testing.T, h *hostDriver, want string) {
	t.Helper()
	var seen []string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		l, err := h.line(time.Until(deadline))
		if err != nil {
			break
		}
		if l == want {
			return
		}
		seen = append(seen, l)
	}
	t.Fatalf("no %q within 5 s; saw %q", want, seen)
}
