package main

import (
	"io"
	"net"
	"regexp"
	"testing"
	"time"

	tarm "github.com/tarm/serial"

	"github.com/air780emu/air780emu/boards"
)

// testSeed is the seed of the emulator in the init-sequence tests; the
// expected identity is derived from it as the emulator derives it
// (boards.NewIdentity, DESIGN.md "Fidelity").
const testSeed = 42

// realApp runs the real emulator and echo server, with boot URCs at once.
func realApp(t *testing.T, extra ...string) *running {
	t.Helper()
	args := append([]string{"-boot", "none", "-seed", "42", "-log-level", "warn"}, extra...)
	return startApp(t, newApp(io.Discard, io.Discard), args...)
}

var csqLine = regexp.MustCompile(`^\+CSQ: ([0-9]|[12][0-9]|3[01]|99),([0-7]|99)$`)

// initSequence is what a typical host driver sends after power-on, with
// the exact answers of at-commands.md §2 for the default board (Air780E).
func initSequence(t *testing.T, h *hostDriver) {
	t.Helper()
	b, _ := boards.Lookup("Air780E")
	id := boards.NewIdentity(b, testSeed, 0)
	h.untilOK(t, "AT", 20) // §2 AT: drivers loop AT until OK
	h.expect(t, "ATE0")    // echo on at boot (§0.4), the echo is set aside
	h.expect(t, "AT+CMEE=1")
	h.expect(t, "ATI", "AirM2M_780E_V1165_LTE_AT")              // §2 ATI, bare string
	h.expect(t, "AT+CGMR", `+CGMR: "AirM2M_780E_V1165_LTE_AT"`) // §2 CGMR, quoted
	h.expect(t, "AT+CGSN", id.IMEI)                             // §2 CGSN, no prefix
	h.expect(t, "AT+CIMI", id.IMSI)                             // §2 CIMI, no prefix
	h.expect(t, "AT+CCID", id.ICCID)                            // §2 CCID, bare
	h.expect(t, "AT+CPIN?", "+CPIN: READY")                     // §2 CPIN
	info, final, err := h.cmd("AT+CSQ")                         // §2 CSQ
	if err != nil || final != "OK" || len(info) != 1 || !csqLine.MatchString(info[0]) {
		t.Fatalf("AT+CSQ: %q %s %v", info, final, err)
	}
	h.poll(t, "AT+CEREG?", "+CEREG: 0,1", 5*time.Second) // §2 CEREG, home
	h.poll(t, "AT+CGATT?", "+CGATT: 1", 5*time.Second)   // §2 CGATT
}

// TestInitSequencePTYSerial: the init sequence through the real PTY, with
// go.bug.st/serial as the host's serial library.
func TestInitSequencePTYSerial(t *testing.T) {
	r := realApp(t)
	p := openHost(t, r.Addr)
	defer p.Close()
	initSequence(t, &hostDriver{rw: p})
}

// TestInitSequencePTYTarm: the same through github.com/tarm/serial, the
// unmaintained library many field programs still use (anchors.md §C.3).
func TestInitSequencePTYTarm(t *testing.T) {
	r := realApp(t)
	p, err := tarm.OpenPort(&tarm.Config{Name: r.Addr, Baud: 115200, ReadTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	initSequence(t, &hostDriver{rw: p})
}

// deadlineConn gives each Read a short deadline, as a host's serial
// library gives each read a timeout.
type deadlineConn struct{ net.Conn }

func (c deadlineConn) Read(b []byte) (int, error) {
	c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	return c.Conn.Read(b)
}

// TestInitSequenceTCP: the same sequence through -port tcp://127.0.0.1:0.
func TestInitSequenceTCP(t *testing.T) {
	r := realApp(t, "-port", "tcp://127.0.0.1:0")
	c, err := net.DialTimeout("tcp", r.Addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	initSequence(t, &hostDriver{rw: deadlineConn{c}})
}

// TestPTYReopen100: mid-session, the host closes and reopens the PTY 100
// times; each time the module answers, and the session's state (echo off,
// set before the first close) is kept, as a module's is across a cable
// being unplugged.
func TestPTYReopen100(t *testing.T) {
	r := realApp(t)
	p := openHost(t, r.Addr)
	initSequence(t, &hostDriver{rw: p})
	p.Close()
	b, _ := boards.Lookup("Air780E")
	imei := boards.NewIdentity(b, testSeed, 0).IMEI
	want := "\r\n" + imei + "\r\n\r\nOK\r\n" // exact bytes: no echo (§1.3 framing)
	for i := 0; i < 100; i++ {
		p := openHost(t, r.Addr)
		if _, err := p.Write([]byte("AT+CGSN\r")); err != nil {
			t.Fatal(err)
		}
		got := readN(t, p, len(want), 3*time.Second)
		p.Close()
		if string(got) != want {
			t.Fatalf("reopen %d: got %q, want %q", i, got, want)
		}
	}
}
