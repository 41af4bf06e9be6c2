package emulator

import (
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/wsclient"
)

// TestWSCMECode pins the one mapping from causes to CME codes (wserr.go).
func TestWSCMECode(t *testing.T) {
	cases := []struct {
		err  error
		code int
	}{
		{fmt.Errorf("x: %w", errWSArgs), 53},
		{fmt.Errorf("x: %w", errWSRange), 53},
		{fmt.Errorf("create: %w", wsclient.ErrBadURL), 53},
		{errWSExists, 912},
		{fmt.Errorf("id 3: %w", errWSNoClient), 913},
		{wsclient.ErrNotReady, 3},
		{wsclient.ErrClosed, 3},
		{fmt.Errorf("data: %w", atcmd.ErrDataAborted), 3},
		{fmt.Errorf("send: %w", wsclient.ErrQueueFull), 914},
		{wsclient.ErrTooLarge, 914},
		{&net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}, 917},
		{&net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}, 918},
		{errors.New("anything else"), 767},
	}
	for _, c := range cases {
		var cme *atcmd.CMEError
		if err := wsCME(c.err); !errors.As(err, &cme) || cme.Code != c.code || !errors.Is(err, c.err) {
			t.Errorf("wsCME(%v) = %v, want code %d wrapping the cause", c.err, err, c.code)
		}
	}
	if wsCME(nil) != nil {
		t.Error("wsCME(nil) != nil")
	}
	engineErr := &atcmd.CMEError{Code: 914, Err: atcmd.ErrDataTooLong}
	if got := wsCME(fmt.Errorf("data: %w", engineErr)); !errors.Is(got, atcmd.ErrDataTooLong) {
		t.Errorf("the engine's own CME error was not kept: %v", got)
	}
}

// TestWSRecvBuf: bounded store, whole pops, and splits that keep fin and
// opcode exact.
func TestWSRecvBuf(t *testing.T) {
	b := wsRecvBuf{cap: 10}
	if !b.fits(100) {
		t.Fatal("an empty buffer must take any piece")
	}
	b.push(wsPiece{data: []byte("hello"), fin: false, opcode: 2})
	b.push(wsPiece{data: []byte("world"), fin: true, opcode: 0})
	if b.fits(1) || b.size != 10 {
		t.Fatalf("full buffer: fits(1)=%v size=%d", b.fits(1), b.size)
	}
	type read struct {
		data    string
		fin     bool
		opcode  int
		present bool
	}
	var got []read
	for _, max := range []int{2, 10, 4, 4, 1} {
		p, ok := b.read(max)
		got = append(got, read{string(p.data), p.fin, p.opcode, ok})
	}
	want := []read{{"he", false, 2, true}, {"llo", false, 0, true}, {"worl", false, 0, true}, {"d", true, 0, true}, {"", false, 0, false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("reads %v, want %v", got, want)
	}
	if b.size != 0 || !b.empty() {
		t.Fatalf("size %d after draining", b.size)
	}
}

// Example_wsRecvBuf shows how AT+WSREAD hands out a buffered 8-byte text
// message to a host that asks for 3 bytes at a time.
func Example_wsRecvBuf() {
	b := wsRecvBuf{cap: wsBufCap}
	b.push(wsPiece{data: []byte("abcdefgh"), fin: true, opcode: 1})
	for {
		p, ok := b.read(3)
		if !ok {
			break
		}
		fmt.Printf("+WSREAD: 0,%d,%d,%d %s\n", len(p.data), b2i(p.fin), p.opcode, p.data)
	}
	// Output:
	// +WSREAD: 0,3,0,1 abc
	// +WSREAD: 0,3,0,0 def
	// +WSREAD: 0,2,1,0 gh
}

// FuzzWSArgs feeds arbitrary parameter text through the engine's parser
// into every parameter reader of the AT+WS* commands: they must return a
// value in range or an error that wsCME maps to 53, never panic.
func FuzzWSArgs(f *testing.F) {
	for _, s := range []string{`0,"ws://a/"`, `0,5,1,1`, `0`, `0,,1`, `4,"X: y","Z:"`, `-1,99999999999999999999`,
		`"0",5`, `0,65536,0,1`, `0,"a:b",` + "\"\x00\"", `,,,,`, `0,"ws://h",17,65535,1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmds, err := atcmd.ParseLine("AT+WSSEND=" + s)
		if err != nil || len(cmds) == 0 {
			return
		}
		a := wsArgs{cmds[0].Args}
		check := func(err error) {
			if err != nil && wsCMECode(err) != cmeWSParam {
				t.Fatalf("%q: %v maps to %d", s, err, wsCMECode(err))
			}
		}
		if id, err := a.id(); err == nil && (id < 0 || id >= wsIDs) {
			t.Fatalf("%q: id %d", s, id)
		} else {
			check(err)
		}
		n, _, op, err := sendParams(a)
		if err == nil && (n < 0 || n > wsMaxSend || op < 0 || op > 1) {
			t.Fatalf("%q: len %d opcode %d", s, n, op)
		}
		check(err)
		_, err = headerPairs(a)
		check(err)
		_, err = a.intIn(2, 0, 65535, 0)
		check(err)
		_, err = a.text(1)
		check(err)
		check(a.count(1, 4))
	})
}

// TestWSRebootClosesClients: AT+RESET leaves no websocket client behind;
// the ids are free again after the reboot.
func TestWSRebootClosesClients(t *testing.T) {
	p := startPTY(t, testConfig())
	p.wsConnect(t, 0, "ws://"+echoHost+"/ws/echo2")
	p.host.ok("AT+RESET")
	p.host.waitURC("+NITZ: 2024/08/23,06:52:50+32,0")
	p.host.ok("ATE0")
	if info := p.host.ok("AT+WSCREATE?"); len(info) != 0 {
		t.Fatalf("after reboot: %q", lines(info))
	}
	p.wsConnect(t, 0, "ws://"+echoHost+"/ws/echo2")
}
