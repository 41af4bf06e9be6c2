package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/air780emu/air780emu/emulator"
)

// TestMain checks that no test leaves a goroutine behind (goleak) and
// removes the binary built for the subprocess tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// binary builds the air780emu binary once per test run (for the CLI
// contract tests, which must see real exit codes and real stdout).
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "air780emu-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "air780emu")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// runBinary runs the binary with args and returns stdout, stderr and the
// exit code. It fails the test if the process runs longer than 20 s.
func runBinary(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("run %v: timed out", args)
	}
	return out.String(), errb.String(), code
}

// lineWriter is an io.Writer that hands complete lines to a channel; the
// in-process tests read "AT port: ..." from it.
type lineWriter struct {
	mu    sync.Mutex
	buf   []byte
	lines chan string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 64)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		select {
		case w.lines <- string(w.buf[:i]):
		default: // a test that does not read more lines does not block run
		}
		w.buf = w.buf[i+1:]
	}
}

// syncBuffer is a goroutine-safe bytes.Buffer for captured stderr.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// running is an in-process run() serving one module.
type running struct {
	Addr   string // what "AT port: " named
	Stderr *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startApp runs a.run(args) in-process and waits for "AT port: <addr>".
// The module is stopped (and run's error checked) at cleanup.
func startApp(t *testing.T, a *app, args ...string) *running {
	t.Helper()
	out := newLineWriter()
	r := &running{Stderr: &syncBuffer{}, done: make(chan error, 1)}
	a.stdout, a.stderr = out, r.Stderr
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() { r.done <- a.run(ctx, args) }()
	select {
	case line := <-out.lines:
		addr, ok := strings.CutPrefix(line, "AT port: ")
		if !ok {
			cancel()
			t.Fatalf("first stdout line %q, want \"AT port: ...\"", line)
		}
		r.Addr = addr
	case err := <-r.done:
		cancel()
		t.Fatalf("run ended before the port was ready: %v\nstderr: %s", err, r.Stderr)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("no \"AT port:\" line within 10 s")
	}
	t.Cleanup(func() { r.Stop(t) })
	return r
}

// Stop cancels the module and requires run to return nil within 10 s.
func (r *running) Stop(t *testing.T) {
	t.Helper()
	if r.cancel == nil {
		return
	}
	r.cancel()
	r.cancel = nil
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("run returned %v, want nil after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("run did not return within 10 s of cancel")
	}
}

// fakeDevice is a tiny AT responder for the port tests: "AT" → OK, other
// lines → ERROR, lines longer than 256 bytes are discarded whole. It
// exercises the ports without depending on the emulator's behaviour.
type fakeDevice struct{}

func (fakeDevice) Close() error { return nil }

func (fakeDevice) ServeAT(ctx context.Context, port io.ReadWriter) error {
	r := bufio.NewReaderSize(port, 512)
	var line []byte
	for ctx.Err() == nil {
		c, err := r.ReadByte()
		if err != nil {
			return err
		}
		switch {
		case c == '\r':
			reply := "\r\nERROR\r\n"
			if string(bytes.TrimSpace(line)) == "AT" {
				reply = "\r\nOK\r\n"
			}
			line = line[:0]
			if _, err := io.WriteString(port, reply); err != nil {
				return err
			}
		case c == '\n':
		case len(line) < 256:
			line = append(line, c)
		}
	}
	return ctx.Err()
}

// fakeApp is an app whose device is fakeDevice and whose echo server is
// a plain loopback listener-free stub.
func fakeApp() *app {
	a := newApp(io.Discard, io.Discard)
	a.newDevice = func(emulator.Config) (device, error) { return fakeDevice{}, nil }
	a.startEcho = func(string) (echoServer, error) { return stubEcho{}, nil }
	return a
}

type stubEcho struct{}

func (stubEcho) Addr() string { return "127.0.0.1:1" }
func (stubEcho) Close() error { return nil }
