package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"go.bug.st/serial"
	"golang.org/x/sys/unix"
)

// openHost opens a PTY slave path as a host serial library does.
func openHost(t *testing.T, path string) serial.Port {
	t.Helper()
	p, err := serial.Open(path, &serial.Mode{BaudRate: 115200})
	if err != nil {
		t.Fatalf("host open %s: %v", path, err)
	}
	if err := p.SetReadTimeout(100 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	return p
}

// readN reads exactly n bytes from a port with a read timeout, within d.
func readN(t *testing.T, r io.Reader, n int, d time.Duration) []byte {
	t.Helper()
	out := make([]byte, 0, n)
	buf := make([]byte, n)
	deadline := time.Now().Add(d)
	for len(out) < n && time.Now().Before(deadline) {
		k, err := r.Read(buf[:n-len(out)])
		out = append(out, buf[:k]...)
		if err != nil && err != io.EOF && !isTimeout(err) {
			t.Fatalf("read: %v (got %q)", err, out)
		}
	}
	if len(out) < n {
		t.Fatalf("read %q, want %d bytes within %v", out, n, d)
	}
	return out
}

// TestPTYRawBytes: every byte value crosses the PTY unchanged in both
// directions (raw mode: no CR→LF mapping, no echo, no signals).
func TestPTYRawBytes(t *testing.T) {
	p, err := openPTY("")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	host, err := os.OpenFile(p.Addr(), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	if _, err := p.Write(all); err != nil {
		t.Fatal(err)
	}
	if got := readN(t, host, 256, 2*time.Second); !bytes.Equal(got, all) {
		t.Fatalf("module→host altered: %q", got)
	}
	if _, err := host.Write(all); err != nil {
		t.Fatal(err)
	}
	if got := readN(t, p, 256, 2*time.Second); !bytes.Equal(got, all) {
		t.Fatalf("host→module altered: %q", got)
	}
}

// TestPTYCloseUnblocksRead: Close returns a pending Read (the master is
// served by the poller, not a blocked thread), and is idempotent.
func TestPTYCloseUnblocksRead(t *testing.T) {
	p, err := openPTY("")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := p.Read(make([]byte, 16))
		done <- err
	}()
	time.Sleep(20 * time.Millisecond) // let Read park (not a correctness wait)
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Read returned nil error after Close")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Read still blocked 2 s after Close")
	}
	if err := p.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestPTYLink: -link is created pointing at the slave, replaces a stale
// symlink, refuses to replace a regular file, and is removed by Close.
func TestPTYLink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "modem")
	if err := os.Symlink("/dev/pts/stale", link); err != nil {
		t.Fatal(err)
	}
	p, err := openPTY(link)
	if err != nil {
		t.Fatal(err)
	}
	if target, err := os.Readlink(link); err != nil || target != p.Addr() {
		t.Fatalf("link → %q (%v), want %q", target, err, p.Addr())
	}
	p.Close()
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Fatalf("link still there after Close: %v", err)
	}
	regular := filepath.Join(dir, "file")
	writeFile(t, regular, "keep me")
	if p, err := openPTY(regular); err == nil {
		p.Close()
		t.Fatal("openPTY replaced a regular file")
	}
}

// TestPTYReopenFake: through run() with a trivial responder, a host opens
// the -link path, is answered, closes, and does so 100 times.
func TestPTYReopenFake(t *testing.T) {
	link := filepath.Join(t.TempDir(), "at")
	r := startApp(t, fakeApp(), "-link", link, "-seed", "1")
	for i := 0; i < 100; i++ {
		h := openHost(t, link)
		if _, err := h.Write([]byte("AT\r")); err != nil {
			t.Fatal(err)
		}
		if got := readN(t, h, 6, 2*time.Second); string(got) != "\r\nOK\r\n" {
			t.Fatalf("open %d: got %q", i, got)
		}
		h.Close()
	}
	r.Stop(t)
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Fatalf("link left after exit: %v", err)
	}
}

// TestPTYNoHostBackpressure: with no host attached, the module's output
// waits in the tty (a bounded amount) and then its Write blocks — nothing
// is dropped; a host opening later reads every byte in order, and the
// blocked Write completes.
func TestPTYNoHostBackpressure(t *testing.T) {
	p, err := openPTY("")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	const total = 512 << 10
	data := make([]byte, total)
	for i := range data {
		data[i] = byte(i % 251) // a pattern that shows loss or reordering
	}
	var accepted atomic.Int64
	done := make(chan error, 1)
	go func() {
		for off := 0; off < total; off += 1024 {
			if _, err := p.Write(data[off : off+1024]); err != nil {
				done <- err
				return
			}
			accepted.Store(int64(off + 1024))
		}
		done <- nil
	}()
	time.Sleep(300 * time.Millisecond) // give the writer time to fill the tty
	buffered := accepted.Load()
	if buffered >= total {
		t.Fatalf("all %d bytes accepted with no host: no backpressure", total)
	}
	t.Logf("tty buffered %d bytes with no host attached before blocking", buffered)
	h := openHost(t, p.Addr())
	defer h.Close()
	if got := readN(t, h, total, 10*time.Second); !bytes.Equal(got, data) {
		t.Fatal("bytes lost or reordered")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// exclusive reports the tty's TIOCEXCL flag (TIOCGEXCL, Linux ≥ 3.8).
func exclusive(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err) // as root the lock does not refuse us
	}
	defer f.Close()
	var v int
	rc, _ := f.SyscallConn()
	rc.Control(func(fd uintptr) { v, err = unix.IoctlGetInt(int(fd), unix.TIOCGEXCL) })
	if err != nil {
		t.Fatal(err)
	}
	return v != 0
}

// TestPTYExclusiveLockCleared: a host that sets TIOCEXCL and then goes
// away without TIOCNXCL (as a killed process does: the kernel just closes
// its fd) does not leave the tty locked for the next host.
func TestPTYExclusiveLockCleared(t *testing.T) {
	p, err := openPTY("")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	host, err := os.OpenFile(p.Addr(), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := host.SyscallConn()
	rc.Control(func(fd uintptr) { unix.IoctlSetInt(int(fd), unix.TIOCEXCL, 0) })
	if !exclusive(t, p.Addr()) {
		t.Fatal("TIOCEXCL did not take: the test cannot observe the lock")
	}
	host.Close() // no TIOCNXCL, as after SIGKILL
	deadline := time.Now().Add(2 * time.Second)
	for exclusive(t, p.Addr()) {
		if time.Now().After(deadline) {
			t.Fatal("tty still exclusive 2 s after the host closed")
		}
		time.Sleep(5 * time.Millisecond) // the guard runs asynchronously
	}
}
