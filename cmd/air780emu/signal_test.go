package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinarySignals: the real binary prints "AT port: /dev/pts/N" on
// stdout when ready, creates -link, answers AT, and on SIGTERM (and
// SIGINT) exits 0 and removes the link.
func TestBinarySignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			link := filepath.Join(t.TempDir(), "modem")
			cmd := exec.Command(binary(t), "-boot", "none", "-link", link, "-log-level", "error")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			line, err := bufio.NewReader(stdout).ReadString('\n')
			path, ok := strings.CutPrefix(strings.TrimSpace(line), "AT port: ")
			if err != nil || !ok || !strings.HasPrefix(path, "/dev/pts/") {
				t.Fatalf("first line %q (%v), want \"AT port: /dev/pts/N\"", line, err)
			}
			if target, err := os.Readlink(link); err != nil || target != path {
				t.Fatalf("link → %q (%v), want %s", target, err, path)
			}
			h := openHost(t, link)
			(&hostDriver{rw: h}).untilOK(t, "AT", 20)
			h.Close()
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit after %v: %v, want status 0", sig, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("still running 10 s after %v", sig)
			}
			if _, err := os.Lstat(link); !os.IsNotExist(err) {
				t.Fatalf("link left behind: %v", err)
			}
		})
	}
}

// TestBinaryLuatOS: -firmware luatos runs the websocket example project
// (fixtures/lua/ws_echo) unmodified against the built-in echo server: stdout
// carries the port lines, then the script's log with conack and the echoed
// message; the USB port (-usb-link) serves the REPL; SIGTERM exits 0 and
// removes the link.
func TestBinaryLuatOS(t *testing.T) {
	usbLink := filepath.Join(t.TempDir(), "usb")
	cmd := exec.Command(binary(t), "-firmware", "luatos", "-script", "../../fixtures/lua/ws_echo",
		"-usb-link", usbLink, "-seed", "1", "-log-level", "error")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	want := []string{"AT port: /dev/pts/", "USB port: /dev/pts/", "I/user.wsc conack",
		`I/user.wsc recv {"action":"echo","device_id":"`}
	for _, w := range want {
		waitStdout(t, lines, w, 15*time.Second)
	}
	usb := openHost(t, usbLink)
	if _, err := usb.Write([]byte("print(\"repl-\" .. 6*7)\r\n")); err != nil {
		t.Fatal(err)
	}
	if got := readUntil(t, usb, "repl-42\r\n", 5*time.Second); !strings.Contains(got, "repl-42\r\n") {
		t.Fatalf("REPL on the USB port answered %q, want repl-42", got)
	}
	usb.Close()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v, want status 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10 s after SIGTERM")
	}
	if _, err := os.Lstat(usbLink); !os.IsNotExist(err) {
		t.Fatalf("usb link left behind: %v", err)
	}
}

// waitStdout reads lines until one starts with prefix, or fails after d.
func waitStdout(t *testing.T, lines <-chan string, prefix string, d time.Duration) {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("stdout ended before a line starting %q", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return
			}
		case <-timeout:
			t.Fatalf("no line starting %q within %v", prefix, d)
		}
	}
}

// readUntil reads from r (which has a read timeout) until the text holds
// want or d passes, and returns what it read.
func readUntil(t *testing.T, r io.Reader, want string, d time.Duration) string {
	t.Helper()
	var sb strings.Builder
	buf := make([]byte, 256)
	for deadline := time.Now().Add(d); time.Now().Before(deadline) && !strings.Contains(sb.String(), want); {
		n, _ := r.Read(buf)
		sb.Write(buf[:n])
	}
	return sb.String()
}
