package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// mcuSide is the far end of a stand-in serial device: a PTY whose slave
// path the module opens as "the device" and whose master the test drives
// as the MCU, with the tty's line discipline between them as on a real
// port.
type mcuSide struct {
	master *os.File
	path   string
}

func newMCU(t *testing.T) *mcuSide {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	path := s.Name()
	s.Close() // the module opens the path itself
	t.Cleanup(func() { m.Close() })
	return &mcuSide{master: m, path: path}
}

// at sends AT and requires "\r\nOK\r\n" unaltered within 5 s (raw mode is
// set on the device by go.bug.st/serial).
func (m *mcuSide) at(t *testing.T) {
	t.Helper()
	done := make(chan []byte, 1)
	go func() {
		buf := make([]byte, 6)
		n := 0
		for n < 6 {
			k, err := m.master.Read(buf[n:])
			if err != nil {
				break
			}
			n += k
		}
		done <- buf[:n]
	}()
	if _, err := m.master.Write([]byte("AT\r")); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-done:
		if string(got) != "\r\nOK\r\n" {
			t.Fatalf("MCU got %q, want CR LF OK CR LF", got)
		}
	case <-time.After(5 * time.Second):
		m.master.Close() // unblocks the reader goroutine
		t.Fatal("no answer within 5 s")
	}
}

// TestSerialDevicePort: -port with a device path opens it with
// go.bug.st/serial at -baud; the MCU is answered.
func TestSerialDevicePort(t *testing.T) {
	mcu := newMCU(t)
	r := startApp(t, fakeApp(), "-port", mcu.path, "-baud", "921600", "-seed", "1")
	if r.Addr != mcu.path {
		t.Fatalf("AT port: %q, want %q", r.Addr, mcu.path)
	}
	mcu.at(t)
	r.Stop(t)
}

// TestSerialDeviceReplug: the device vanishes (its far end hangs up, as a
// USB-UART pulled out) and comes back at the same path (a udev-style
// symlink repointed): the module reopens it and answers again, without
// exiting.
func TestSerialDeviceReplug(t *testing.T) {
	link := filepath.Join(t.TempDir(), "ttyUSB0")
	first := newMCU(t)
	if err := os.Symlink(first.path, link); err != nil {
		t.Fatal(err)
	}
	r := startApp(t, fakeApp(), "-port", link, "-seed", "1")
	first.at(t)
	first.master.Close() // unplugged
	os.Remove(link)
	time.Sleep(2 * serialReopenEvery) // the module notices and retries meanwhile
	second := newMCU(t)
	if err := os.Symlink(second.path, link); err != nil {
		t.Fatal(err)
	}
	// The MCU may only talk once the module holds the device open (a PTY
	// master reads EIO while no slave is open): wait for the reopen.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(r.Stderr.String(), "serial device back") {
		if time.Now().After(deadline) {
			t.Fatalf("no reopen within 5 s; stderr:\n%s", r.Stderr)
		}
		time.Sleep(10 * time.Millisecond) // polling the log
	}
	if !strings.Contains(r.Stderr.String(), "serial device lost") {
		t.Fatalf("stderr lacks the lost line:\n%s", r.Stderr)
	}
	second.at(t)
	r.Stop(t)
}
