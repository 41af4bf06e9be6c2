package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// hostDriver is what a typical MCU host driver does on the AT port: write a
// command, then read lines until a final result code, setting aside the
// command's echo and URCs. rw may be a go.bug.st/serial port (read timeout
// gives (0, nil)), a tarm/serial port (VTIME timeout gives (0, io.EOF)) or
// a TCP conn with a deadline; every empty read is "nothing yet".
type hostDriver struct {
	rw   io.ReadWriter
	buf  []byte
	URCs []string
}

// finalResult reports whether line ends a command's response
// (at-commands.md §1.3: OK, ERROR, +CME ERROR: <n>).
func finalResult(line string) bool {
	return line == "OK" || line == "ERROR" || strings.HasPrefix(line, "+CME ERROR:")
}

// urcPrefixes are the unsolicited lines a host expects at any time
// (at-commands.md §6.1 boot URCs and §2 registration URCs).
var urcPrefixes = []string{"RDY", "^MODE:", "+E_UTRAN", "+CGEV:", "+NITZ:", "+CEREG: 1", "+CEREG: 0"}

func isURC(line string) bool {
	for _, p := range urcPrefixes {
		if strings.HasPrefix(line, p) && !strings.HasPrefix(line, "+CEREG: 0,") {
			return true
		}
	}
	return false
}

// line returns the next non-empty line (CR LF stripped) within d.
func (h *hostDriver) line(d time.Duration) (string, error) {
	deadline := time.Now().Add(d)
	chunk := make([]byte, 256)
	for {
		if i := bytes.IndexByte(h.buf, '\n'); i >= 0 {
			l := strings.TrimRight(string(h.buf[:i]), "\r")
			h.buf = h.buf[i+1:]
			l = strings.TrimLeft(l, "\r")
			if l == "" {
				continue
			}
			return l, nil
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("no complete line within %v (have %q)", d, h.buf)
		}
		n, err := h.rw.Read(chunk)
		h.buf = append(h.buf, chunk[:n]...)
		if err != nil && !errors.Is(err, io.EOF) && !isTimeout(err) {
			return "", err
		}
	}
}

// prompt waits for the data prompt "> " (it ends no line) within d and
// consumes everything up to it.
func (h *hostDriver) prompt(d time.Duration) error {
	deadline := time.Now().Add(d)
	chunk := make([]byte, 256)
	for {
		if i := bytes.Index(h.buf, []byte("> ")); i >= 0 {
			h.buf = h.buf[i+2:]
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no \"> \" prompt within %v (have %q)", d, h.buf)
		}
		n, err := h.rw.Read(chunk)
		h.buf = append(h.buf, chunk[:n]...)
		if err != nil && !errors.Is(err, io.EOF) && !isTimeout(err) {
			return err
		}
	}
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// cmd sends cmd+"\r" and returns the information lines and the final
// result. The echo (a line equal to cmd) and URCs are set aside.
func (h *hostDriver) cmd(cmd string) (info []string, final string, err error) {
	if _, err := io.WriteString(h.rw, cmd+"\r"); err != nil {
		return nil, "", err
	}
	for {
		l, err := h.line(3 * time.Second)
		if err != nil {
			return info, "", fmt.Errorf("%s: %w", cmd, err)
		}
		switch {
		case l == cmd: // echo
		case finalResult(l):
			return info, l, nil
		case isURC(l):
			h.URCs = append(h.URCs, l)
		default:
			info = append(info, l)
		}
	}
}

// expect runs cmd and requires exactly the info lines want and "OK".
func (h *hostDriver) expect(t testing.TB, cmd string, want ...string) {
	t.Helper()
	info, final, err := h.cmd(cmd)
	if err != nil {
		t.Fatal(err)
	}
	if final != "OK" || strings.Join(info, "|") != strings.Join(want, "|") {
		t.Fatalf("%s: got %q %s, want %q OK", cmd, info, final, want)
	}
}

// untilOK sends AT until the module answers OK (host drivers do this after
// power-on: at-commands.md §2 "AT"), at most tries times.
func (h *hostDriver) untilOK(t testing.TB, cmd string, tries int) {
	t.Helper()
	for i := 0; i < tries; i++ {
		if _, final, err := h.cmd(cmd); err == nil && final == "OK" {
			return
		}
	}
	t.Fatalf("%s: no OK in %d tries", cmd, tries)
}

// poll sends cmd until its single info line equals want (a driver polls
// AT+CEREG? / AT+CGATT? after boot: at-commands.md §2), within d.
func (h *hostDriver) poll(t testing.TB, cmd, want string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	var last []string
	for time.Now().Before(deadline) {
		info, final, err := h.cmd(cmd)
		if err != nil {
			t.Fatal(err)
		}
		if final == "OK" && len(info) == 1 && info[0] == want {
			return
		}
		last = info
		time.Sleep(20 * time.Millisecond) // a driver's poll interval
	}
	t.Fatalf("%s: last %q, want %q within %v", cmd, last, want, d)
}
