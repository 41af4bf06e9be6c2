package emulator

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/air780emu/air780emu/wsclient"
)

// wsConnect creates client id on url, connects it and waits for +WSCONACK.
func (p *ptyDevice) wsConnect(t testing.TB, id int, url string, extra ...string) {
	t.Helper()
	p.host.ok(fmt.Sprintf("AT+WSCREATE=%d,%q", id, url))
	for _, cmd := range extra {
		p.host.ok(cmd)
	}
	p.host.ok(fmt.Sprintf("AT+WSCONNECT=%d", id))
	if skipped := p.host.waitURC(fmt.Sprintf("+WSCONACK: %d", id)); len(skipped) > 0 {
		t.Fatalf("URCs before +WSCONACK: %q", skipped)
	}
}

// echoRoundTrip sends data and expects it back whole, with one +WSSENT.
func (p *ptyDevice) echoRoundTrip(t testing.TB, id int, data []byte, binary bool) {
	t.Helper()
	op, rop := 0, 1
	if binary {
		op, rop = 1, 2
	}
	if got := p.host.send(fmt.Sprintf("%d,%d,1,%d", id, len(data), op), data); got != "OK" {
		t.Fatalf("AT+WSSEND: %s", got)
	}
	msg, other := p.host.recvMessage(id, rop)
	if !bytes.Equal(msg, data) {
		t.Fatalf("echo: got %d bytes %q…, want %d bytes", len(msg), head(msg), len(data))
	}
	sent := fmt.Sprintf("+WSSENT: %d", id)
	if len(other) == 0 {
		other = append(other, p.host.nextURC())
	}
	if len(other) != 1 || other[0].line != sent {
		t.Fatalf("other URCs %q, want exactly %q", lines(other), sent)
	}
}

func head(b []byte) []byte { return b[:min(len(b), 32)] }

func lines(evs []hostEv) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.line)
	}
	return out
}

// TestWSPTYEchoTextBinary: over a real PTY, a host opens a websocket to the
// built-in echo server by its public name (no network), and text and binary
// messages come back byte for byte with the RFC 6455 opcode.
func TestWSPTYEchoTextBinary(t *testing.T) {
	p := startPTY(t, testConfig())
	p.wsConnect(t, 0, "ws://"+echoHost+"/ws/echo2")
	p.echoRoundTrip(t, 0, []byte("hello"), false)
	bin := []byte{0, 1, 2, 0x1a, 0x1b, '\r', '\n', 0xff}
	p.echoRoundTrip(t, 0, bin, true)
	info := p.host.ok("AT+WSREADY=0")
	if len(info) != 1 || info[0].line != "+WSREADY: 0,1" {
		t.Fatalf("AT+WSREADY=0: %q", lines(info))
	}
	info = p.host.ok("AT+WSCREATE?")
	want := fmt.Sprintf("+WSCREATE: 0,%q,1,1", "ws://"+echoHost+"/ws/echo2")
	if len(info) != 1 || info[0].line != want {
		t.Fatalf("AT+WSCREATE?: %q, want %q", lines(info), want)
	}
}

// TestWSPTYCtrlZSend: the Ctrl-Z form sends the bytes before 0x1A as text.
func TestWSPTYCtrlZSend(t *testing.T) {
	p := startPTY(t, testConfig())
	p.wsConnect(t, 1, "ws://"+echoHost+"/ws/echo2")
	if got := p.host.send("1", []byte("typed text\x1a")); got != "OK" {
		t.Fatalf("Ctrl-Z send: %s", got)
	}
	msg, _ := p.host.recvMessage(1, 1)
	if string(msg) != "typed text" {
		t.Fatalf("got %q", msg)
	}
	// ESC aborts: nothing is sent, CME 3 says so.
	if got := p.host.send("1", []byte("never\x1b")); got != "+CME ERROR: 3" {
		t.Fatalf("ESC: %s", got)
	}
}

// TestWSPTYFragmented: fin=0 pieces then fin=1 form one message at the
// server, which echoes it whole; the host reassembles it from fin/opcode.
func TestWSPTYFragmented(t *testing.T) {
	p := startPTY(t, testConfig())
	p.wsConnect(t, 2, "ws://"+echoHost+"/ws/echo2")
	fragmentedEcho(t, p, 2, []string{"frag-one,", "frag-two,", "frag-three"})
}

// TestWSPTY64KiB: a 64 KiB binary message (the AT data-mode maximum) goes
// out in one AT+WSSEND and comes back in board-sized pieces (8 KiB,
// luatos-semantics.md §1.7), fin only on the last.
func TestWSPTY64KiB(t *testing.T) {
	p := startPTY(t, testConfig())
	p.wsConnect(t, 3, "ws://"+echoHost+"/ws/echo2")
	data := make([]byte, 64<<10)
	for i := range data {
		data[i] = byte(i * 7)
	}
	p.echoRoundTrip(t, 3, data, true)
}

// TestWSPTYCloseReuse: AT+WSCLOSE frees the id (no +WSDISCONNECT follows,
// as in LuatOS), commands on it then answer 913, and the id can be created
// and connected again.
func TestWSPTYCloseReuse(t *testing.T) {
	p := startPTY(t, testConfig())
	url := "ws://" + echoHost + "/ws/echo2"
	p.wsConnect(t, 4, url)
	p.host.ok("AT+WSCLOSE=4")
	if _, final := p.host.cmd("AT+WSREADY=4"); final != "+CME ERROR: 913" {
		t.Fatalf("after close: %s", final)
	}
	if info := p.host.ok("AT+WSCREATE?"); len(info) != 0 {
		t.Fatalf("AT+WSCREATE? lists %q after close", lines(info))
	}
	p.wsConnect(t, 4, url)
	p.echoRoundTrip(t, 4, []byte("again"), false)
	if ev, err := p.host.tryURC(0); err == nil {
		t.Fatalf("stray URC %q", ev.line)
	}
}

// TestWSFirmwareQuirks: with Config.Quirks = Firmware the AT surface shows
// the firmware's limits (luatos-semantics.md §1.6, §1.7): a send of 65535
// bytes or more is refused (+CME ERROR: 914), and a received message over
// the board's 8 KiB buffer ends the connection with error "rx".
func TestWSFirmwareQuirks(t *testing.T) {
	cfg := testConfig()
	cfg.Quirks = wsclient.Firmware
	p := startPTY(t, cfg)
	p.wsConnect(t, 0, "ws://"+echoHost+"/ws/echo2")
	if got := p.host.send("0,65535", make([]byte, 65535)); got != "+CME ERROR: 914" {
		t.Fatalf("65535-byte send: %s", got)
	}
	big := bytes.Repeat([]byte("x"), 9000)
	if got := p.host.send("0,9000", big); got != "OK" {
		t.Fatalf("9000-byte send: %s", got)
	}
	got := []string{p.host.nextURC().line, p.host.nextURC().line, p.host.nextURC().line}
	if want := []string{"+WSSENT: 0", `+WSERROR: 0,"rx"`, "+WSDISCONNECT: 0"}; !inOrder(got, want) {
		t.Fatalf("9000-byte echo: %q, want %q", got, want)
	}
}
