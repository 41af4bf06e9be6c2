package emulator

import (
	"context"
	"errors"
	"io"
	"os"
	"syscall"
	"testing"

	"github.com/creack/pty"
	"golang.org/x/term"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/wsclient/wsecho"
)

// echoHost is the name the built-in echo server answers to (DESIGN.md
// "Built-in echo server").
const echoHost = "echo.airtun.air32.cn"

// openPTY returns a PTY pair: the master made non-blocking so Go's poller
// serves it (baselines.md §5: pty.Open leaves it blocking), the slave in raw
// mode, set through SyscallConn so it stays pollable.
func openPTY(t testing.TB) (master, slave *os.File) {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Skipf("no PTY: %v", err)
	}
	fd, err := syscall.Dup(int(m.Fd()))
	m.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	master = os.NewFile(uintptr(fd), "ptmx")
	rc, err := s.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var rawErr error
	if err := rc.Control(func(fd uintptr) { _, rawErr = term.MakeRaw(int(fd)) }); err != nil || rawErr != nil {
		t.Fatalf("raw mode: %v %v", err, rawErr)
	}
	return master, s
}

// ptyDevice is a Device serving AT on a PTY master, with the test acting as
// the host on the slave.
type ptyDevice struct {
	d    *Device
	s    *session
	ws   *wsService
	host *wsHost
	echo *wsecho.Server
}

// startPTY starts the built-in echo server on 127.0.0.1, maps echoHost to
// it, and serves a device on a fresh PTY. The host has echo off and the
// boot URCs consumed when it returns.
func startPTY(t testing.TB, cfg Config) *ptyDevice {
	t.Helper()
	return startPTYWith(t, cfg, nil)
}

// startPTYWith is startPTY with wrap (if not nil) around the host's reads.
func startPTYWith(t testing.TB, cfg Config, wrap func(io.Reader) io.Reader) *ptyDevice {
	t.Helper()
	p, slave := startPTYRaw(t, cfg)
	var hr io.Reader = slave
	if wrap != nil {
		hr = wrap(slave)
	}
	p.host = newWSHost(t, hr, slave)
	p.host.waitURC("+NITZ: 2024/08/23,06:52:50+32,0")
	p.host.ok("ATE0")
	return p
}

// startPTYRaw starts the echo server and a device on a PTY and returns the
// slave for the caller to drive (no host reader, boot output unread).
func startPTYRaw(t testing.TB, cfg Config) (*ptyDevice, *os.File) {
	t.Helper()
	echo, err := wsecho.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { echo.Close() })
	if cfg.Hosts == nil {
		cfg.Hosts = map[string]string{}
	}
	cfg.Hosts[echoHost] = echo.Addr()
	d, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	master, slave := openPTY(t)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- d.ServeAT(ctx, master) }()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, atcmd.ErrClosed) {
			t.Errorf("ServeAT: %v", err)
		}
		master.Close()
		slave.Close()
		d.Close()
	})
	p := &ptyDevice{d: d, echo: echo}
	r := &rig{t: t, d: d}
	p.s = r.session()
	p.ws = attachWS(t, p.s)
	return p, slave
}

// attachWS returns the session's websocket service (ServeAT starts it).
func attachWS(t testing.TB, s *session) *wsService {
	t.Helper()
	if s.ws == nil {
		t.Fatal("ServeAT did not start the websocket service")
	}
	return s.ws
}
