package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/netif"
)

// outageLog is the host's account of a numbered stream: what each message
// was told (OK then +WSSENT, or a failure) in the order the URCs came.
type outageLog struct {
	pending []int        // OK'd, waiting for +WSSENT, in order
	sent    map[int]bool // +WSSENT received
	failed  map[int]bool // CME error, or still pending at +WSERROR
	urcs    []string     // every URC, in order
	ready   bool
}

// take applies one URC to the log.
func (l *outageLog) take(t *testing.T, ev hostEv) {
	l.urcs = append(l.urcs, ev.line)
	switch {
	case ev.line == "+WSSENT: 0":
		if len(l.pending) == 0 {
			t.Fatalf("+WSSENT with nothing pending")
		}
		l.sent[l.pending[0]] = true
		l.pending = l.pending[1:]
	case strings.HasPrefix(ev.line, "+WSERROR: 0,"):
		for _, n := range l.pending {
			l.failed[n] = true
		}
		l.pending, l.ready = nil, false
	case ev.line == "+WSDISCONNECT: 0":
		l.ready = false
	case ev.line == "+WSCONACK: 0":
		l.ready = true
	}
}

// drain applies every URC already received.
func (l *outageLog) drain(t *testing.T, h *wsHost, wait time.Duration) {
	for {
		ev, err := h.tryURC(wait)
		if err != nil {
			return
		}
		l.take(t, ev)
		wait = 0
	}
}

// TestWSOutageNoLoss: a host streams numbered messages over the PTY to a
// recording server while LWIP_GP goes down for 5 s with autoreconn on.
// Every message the host was told was sent (+WSSENT) arrives exactly once
// and in order; the others were refused (CME) or pending at +WSERROR. The
// modem side follows the interface: +CGEV: NW PDN DEACT 1 and +CEREG: 0,
// CGATT 0 and CSQ 99,99 during the outage, then +CEREG: 1,
// +CGEV: ME PDN ACT 1 and +WSCONACK.
func TestWSOutageNoLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("10 s outage scenario")
	}
	srv := startRecServer(t, false)
	p := startPTY(t, testConfig())
	p.host.ok("AT+CEREG=1")
	p.wsConnect(t, 0, srv.url+"/stream", "AT+WSAUTORECONN=0,1,1000")
	cell := p.d.Net().Interface(netif.LWIPGP)

	l := &outageLog{sent: map[int]bool{}, failed: map[int]bool{}, ready: true}
	start := time.Now()
	var downAt, upAt time.Time
	var during []string
	for n := 0; time.Since(start) < 8*time.Second; n++ {
		el := time.Since(start)
		switch {
		case downAt.IsZero() && el > 1500*time.Millisecond:
			downAt = time.Now()
			cell.SetUp(false)
		case !downAt.IsZero() && upAt.IsZero() && time.Since(downAt) > 2*time.Second && during == nil:
			during = outageProbe(t, p.host)
		case !downAt.IsZero() && upAt.IsZero() && time.Since(downAt) > 5*time.Second:
			upAt = time.Now()
			cell.SetUp(true)
		}
		l.drain(t, p.host, 0)
		if !l.ready {
			l.drain(t, p.host, 20*time.Millisecond)
			n--
			continue
		}
		switch got := p.host.send(fmt.Sprintf("0,%d", len(strconv.Itoa(n))), []byte(strconv.Itoa(n))); got {
		case "OK":
			l.pending = append(l.pending, n)
		case "+CME ERROR: 3", "+CME ERROR: 914":
			l.failed[n] = true
		default:
			t.Fatalf("message %d: %s", n, got)
		}
		time.Sleep(5 * time.Millisecond)
	}
	for deadline := time.Now().Add(10 * time.Second); len(l.pending) > 0 && time.Now().Before(deadline); {
		l.drain(t, p.host, 100*time.Millisecond)
	}
	if len(l.pending) > 0 {
		t.Fatalf("%d messages never told sent or failed", len(l.pending))
	}
	checkStream(t, l, srv.received())
	checkOutageURCs(t, l.urcs, during)
}

// outageProbe asks the modem for its state in the middle of the outage.
func outageProbe(t *testing.T, h *wsHost) []string {
	var out []string
	for _, cmd := range []string{"AT+CGATT?", "AT+CSQ", "AT+CEREG?", "AT+WSREADY=0"} {
		info := h.ok(cmd)
		out = append(out, lines(info)...)
	}
	want := []string{"+CGATT: 0", "+CSQ: 99,99", "+CEREG: 1,0", "+WSREADY: 0,0"}
	if strings.Join(out, "|") != strings.Join(want, "|") {
		t.Errorf("during the outage: %q, want %q", out, want)
	}
	return out
}

// checkStream: the server got strictly increasing numbers, each told sent
// message is among them, and each one it got was accepted with OK.
func checkStream(t *testing.T, l *outageLog, got [][]byte) {
	seen := map[int]bool{}
	last := -1
	for _, b := range got {
		n, err := strconv.Atoi(string(b))
		if err != nil {
			t.Fatalf("server got %q", b)
		}
		if n <= last {
			t.Fatalf("server got %d after %d: duplicate or out of order", n, last)
		}
		last, seen[n] = n, true
		if !l.sent[n] && !l.failed[n] {
			t.Fatalf("server got %d, which the host never had OK'd", n)
		}
	}
	lost := 0
	for n := range l.sent {
		if !seen[n] {
			lost++
			t.Errorf("message %d: host told sent, server never got it", n)
		}
	}
	t.Logf("sent %d, failed (told) %d, server got %d", len(l.sent), len(l.failed), len(got))
	if len(l.sent) < 100 || len(l.failed) == 0 {
		t.Fatalf("stream too thin to prove anything: sent %d failed %d", len(l.sent), len(l.failed))
	}
}

// checkOutageURCs: the outage and the recovery in the order the host saw.
func checkOutageURCs(t *testing.T, urcs, during []string) {
	var got []string
	for _, u := range urcs {
		if u != "+WSSENT: 0" {
			got = append(got, u)
		}
	}
	want := []string{`+WSERROR: 0,"connect"`, "+WSDISCONNECT: 0", "+CGEV: NW PDN DEACT 1", "+CEREG: 0",
		"+CEREG: 1", "+CGEV: ME PDN ACT 1", "+WSCONACK: 0"}
	// The ws pair and the modem's DEACT come from different goroutines
	// (pump, scheduler): their interleaving is free; each sequence is fixed,
	// and the reconnect can only complete once the modem is back.
	if !sameSet(got, want) || !inOrder(got, want[:2]) || !inOrder(got, want[2:]) {
		t.Fatalf("URCs %q, want %q (the ws and modem sequences each in order)", got, want)
	}
	if during == nil {
		t.Fatal("the outage probe never ran")
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

// inOrder reports whether want occur in got in this order.
func inOrder(got, want []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}
