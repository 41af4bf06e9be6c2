package emulator

import (
	"fmt"
	"testing"
	"time"

	"github.com/air780emu/air780emu/netif"
)

// TestWSSendFasterThanLink: the server stops reading, so TCP, netif's
// bounded in-flight queue and the client's send queue fill up in turn. The
// host keeps sending 64 KiB messages: OK while the client queues them,
// +CME ERROR: 914 once it is full. When the server reads again, every OK'd
// message is confirmed by one +WSSENT and arrives, in order.
func TestWSSendFasterThanLink(t *testing.T) {
	gate := make(chan struct{})
	srv := startRecServerGated(t, false, gate)
	p := startPTY(t, testConfig())
	p.wsConnect(t, 0, srv.url+"/stalled")
	msg := make([]byte, 64<<10)
	ok := 0
	for ; ; ok++ {
		copy(msg, fmt.Sprintf("%08d", ok))
		got := p.host.send(fmt.Sprintf("0,%d,1,1", len(msg)), msg)
		if got == "+CME ERROR: 914" {
			break
		}
		if got != "OK" {
			t.Fatalf("message %d: %s", ok, got)
		}
		if ok > 1000 {
			t.Fatal("no backpressure after 64 MiB to a server that reads nothing")
		}
	}
	t.Logf("%d messages (%d KiB) accepted before 914", ok, ok*64)
	close(gate)
	sent := 0
	for sent < ok {
		if ev := p.host.nextURC(); ev.line != "+WSSENT: 0" {
			t.Fatalf("after %d +WSSENT: %q", sent, ev.line)
		}
		sent++
	}
	waitFor(t, func() bool { return len(srv.received()) >= ok })
	got := srv.received()
	if len(got) != ok {
		t.Fatalf("server got %d messages, host had %d OK'd", len(got), ok)
	}
	for i, m := range got {
		if string(m[:8]) != fmt.Sprintf("%08d", i) {
			t.Fatalf("message %d arrived as %q", i, m[:8])
		}
	}
}

// TestWSCFUNCoupling: AT+CFUN=0 takes LWIP_GP down, so its client reports
// +WSERROR/+WSDISCONNECT, while a client on ETH0 is untouched; AT+CFUN=1
// brings the bearer back and the autoreconnecting client gets +WSCONACK.
func TestWSCFUNCoupling(t *testing.T) {
	p := startPTY(t, testConfig())
	url := "ws://" + echoHost + "/ws/echo2"
	p.wsConnect(t, 0, url, "AT+WSAUTORECONN=0,1,1000")
	p.host.ok(fmt.Sprintf("AT+WSCREATE=1,%q,17", url))
	p.host.ok("AT+WSCONNECT=1")
	p.host.waitURC("+WSCONACK: 1")

	p.host.ok("AT+CFUN=0")
	got := []string{p.host.nextURC().line, p.host.nextURC().line, p.host.nextURC().line}
	want := []string{"+CGEV: ME DETACH", `+WSERROR: 0,"connect"`, "+WSDISCONNECT: 0"}
	if !sameSet(got, want) || !inOrder(got, want[1:]) {
		t.Fatalf("after CFUN=0: %q, want %q", got, want)
	}
	p.echoRoundTrip(t, 1, []byte("eth0 still up"), false)
	if info := p.host.ok("AT+WSREADY=0"); info[0].line != "+WSREADY: 0,0" {
		t.Fatalf("%q", lines(info))
	}
	// A bearer forced up while the radio is off goes down again.
	p.d.Net().Interface(netif.LWIPGP).SetUp(true)
	waitFor(t, func() bool { return !p.d.Net().Interface(netif.LWIPGP).Up() })

	p.host.ok("AT+CFUN=1")
	skipped := p.host.waitURC("+WSCONACK: 0")
	if !inOrder(lines(skipped), []string{"^MODE: 17,17", "+E_UTRAN Service", "+CGEV: ME PDN ACT 1,0"}) {
		t.Fatalf("before +WSCONACK: %q", lines(skipped))
	}
	p.echoRoundTrip(t, 0, []byte("cellular back"), false)
}

// TestWSInterfaceOwnOutage: an ETH0 outage hits the ETH0 client only; the
// modem (cellular) reports nothing.
func TestWSInterfaceOwnOutage(t *testing.T) {
	p := startPTY(t, testConfig())
	url := "ws://" + echoHost + "/ws/echo2"
	p.wsConnect(t, 0, url)
	p.host.ok(fmt.Sprintf("AT+WSCREATE=1,%q,17", url))
	p.host.ok("AT+WSAUTORECONN=1,1,1000")
	p.host.ok("AT+WSCONNECT=1")
	p.host.waitURC("+WSCONACK: 1")
	eth := p.d.Net().Interface(netif.ETH0)
	eth.SetUp(false)
	got := []string{p.host.nextURC().line, p.host.nextURC().line}
	if want := []string{`+WSERROR: 1,"connect"`, "+WSDISCONNECT: 1"}; !inOrder(got, want) {
		t.Fatalf("ETH0 down: %q, want %q", got, want)
	}
	p.echoRoundTrip(t, 0, []byte("cellular unaffected"), false)
	eth.SetUp(true)
	if skipped := p.host.waitURC("+WSCONACK: 1"); len(skipped) > 0 {
		t.Fatalf("unexpected %q", lines(skipped))
	}
	p.echoRoundTrip(t, 1, []byte("eth0 back"), false)
}

// waitFor polls cond for up to 5 s (for state owned by another package's
// goroutine, which offers no channel to wait on).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not reached within 5 s")
}

// TestWSCouplingConfiguredOutage: an outage set in the interface's config
// (down=now, as -net LWIP_GP:down=… or the control API would) drives the
// modem like SetUp does: +CGEV: NW PDN DEACT 1 and +CEREG: 0, CGATT 0, CSQ
// 99,99; clearing it re-registers (+CEREG: 1, +CGEV: ME PDN ACT 1).
func TestWSCouplingConfiguredOutage(t *testing.T) {
	p := startPTY(t, testConfig())
	p.host.ok("AT+CEREG=1")
	cell := p.d.Net().Interface(netif.LWIPGP)
	if err := cell.Configure(netif.Config{Down: "now"}); err != nil {
		t.Fatal(err)
	}
	if got := []string{p.host.nextURC().line, p.host.nextURC().line}; !inOrder(got, []string{"+CGEV: NW PDN DEACT 1", "+CEREG: 0"}) {
		t.Fatalf("down: %q", got)
	}
	for cmd, want := range map[string]string{"AT+CGATT?": "+CGATT: 0", "AT+CSQ": "+CSQ: 99,99"} {
		if info := p.host.ok(cmd); len(info) != 1 || info[0].line != want {
			t.Fatalf("%s: %q, want %q", cmd, lines(info), want)
		}
	}
	if err := cell.Configure(netif.Config{}); err != nil {
		t.Fatal(err)
	}
	if got := []string{p.host.nextURC().line, p.host.nextURC().line}; !inOrder(got, []string{"+CEREG: 1", "+CGEV: ME PDN ACT 1"}) {
		t.Fatalf("back up: %q", got)
	}
	if info := p.host.ok("AT+CGATT?"); info[0].line != "+CGATT: 1" {
		t.Fatalf("%q", lines(info))
	}
}

// TestWSCouplingOutageSurvivesCFUN: a configured outage (down=now) is still
// reported after the host cycles AT+CFUN=0/1: the re-attach cannot bring
// LWIP_GP up against the outage, so the modem must not claim to be
// attached (boot.go radioStep → wsService.recheck).
func TestWSCouplingOutageSurvivesCFUN(t *testing.T) {
	p := startPTY(t, testConfig())
	cell := p.d.Net().Interface(netif.LWIPGP)
	if err := cell.Configure(netif.Config{Down: "now"}); err != nil {
		t.Fatal(err)
	}
	p.host.waitURC("+CGEV: NW PDN DEACT 1")
	p.host.ok("AT+CFUN=0")
	p.host.ok("AT+CFUN=1")
	waitFor(t, func() bool {
		info := p.host.ok("AT+CGATT?")
		return len(info) == 1 && info[0].line == "+CGATT: 0"
	})
	if cell.Up() {
		t.Fatal("LWIP_GP up during a configured outage")
	}
}
