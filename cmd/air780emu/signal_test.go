package main

import (
	"bufio"
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

// TestLuatOSNotWired: -firmware luatos validates, then fails at run time
// with a clear message and exit 1 (the Lua runtime is wired by the lead).
func TestLuatOSNotWired(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.lua"), "print('hi')\n")
	if _, errOut, code := runBinary(t, "-firmware", "luatos", "-script", dir, "-check"); code != 0 {
		t.Fatalf("-check: exit %d %s", code, errOut)
	}
	_, errOut, code := runBinary(t, "-firmware", "luatos", "-script", dir)
	if code != 1 || !strings.Contains(errOut, "luatos firmware: not available in this build") {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
}
