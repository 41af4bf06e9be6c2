package emulator

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

// rig is a Device served over an in-memory pipe, with a scripted DTE on the
// host end. Everything is torn down when the test ends.
type rig struct {
	t      testing.TB
	d      *Device
	s      *session
	dte    *atcmdtest.DTE
	served chan error
}

// fixedClock is the network time of tests: the instant of the captured
// "+NITZ: 2024/08/23,06:52:50+32,0" (at-commands.md §6.1).
var fixedClock = time.Date(2024, 8, 23, 6, 52, 50, 0, time.UTC)

// testConfig is a deterministic config: seed 1, zero boot delays, the
// fixed clock.
func testConfig() Config {
	return Config{Seed: 1, Boot: NoBoot(), Clock: func() time.Time { return fixedClock }}
}

// startRig builds a device from cfg and serves it over net.Pipe (or over
// conn/host when given, e.g. a TCP pair).
func startRig(t testing.TB, cfg Config) *rig {
	t.Helper()
	dce, host := net.Pipe()
	return startRigOn(t, cfg, nil, dce, host)
}

// startRigPrep is startRig with prep applied to the device before power-on.
func startRigPrep(t testing.TB, cfg Config, prep func(*Device)) *rig {
	t.Helper()
	dce, host := net.Pipe()
	return startRigOn(t, cfg, prep, dce, host)
}

func startRigOn(t testing.TB, cfg Config, prep func(*Device), dce, host io.ReadWriteCloser) *rig {
	t.Helper()
	d, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if prep != nil {
		prep(d)
	}
	r := &rig{t: t, d: d, dte: atcmdtest.NewDTE(host), served: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { r.served <- d.ServeAT(ctx, dce) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-r.served:
			if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, atcmd.ErrClosed) {
				t.Errorf("ServeAT returned %v", err)
			}
		case <-time.After(5 * time.Second):
			// ctx cannot interrupt a Write to a host that stopped reading;
			// closing the port does (the caller owns it). Fail, don't hang.
			dce.Close()
			<-r.served
			t.Errorf("ServeAT did not return within 5 s of cancel (blocked writing to the host?)")
		}
		dce.Close()
		r.dte.Close()
		d.Close()
	})
	r.s = r.session()
	return r
}

// session waits until ServeAT has powered the device on.
func (r *rig) session() *session {
	r.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		r.d.mu.Lock()
		s := r.d.sess
		r.d.mu.Unlock()
		if s != nil {
			<-s.booted
			return s
		}
		time.Sleep(time.Millisecond)
	}
	r.t.Fatal("ServeAT did not start")
	return nil
}

// syncLine is the sentinel URC settle emits; no real URC looks like it.
const syncLine = "\x00sync\x00"

// settle waits until every scheduled URC is emitted, then returns all bytes
// the host has received and not consumed. It must be called only when no
// command line is in flight (the sentinel could overtake its response).
func (r *rig) settle() []byte {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.s.sched.waitIdle(ctx); err != nil {
		r.t.Fatalf("scheduler never idle: %v", err)
	}
	if err := r.s.eng.Emit(ctx, atcmd.URC{Line: syncLine}); err != nil {
		r.t.Fatal(err)
	}
	got, err := r.dte.ReadUntil(syncLine+"\r\n", 1<<20)
	if err != nil {
		r.t.Fatal(err)
	}
	got = got[:len(got)-len(syncLine)-2]
	if r.s.eng.Settings().Verbose { // ATV1 URCs start with CRLF (atcmd)
		got = got[:len(got)-2]
	}
	return got
}

// exchange sends line+"\r" and expects want exactly.
func (r *rig) exchange(line, want string) {
	r.t.Helper()
	if err := r.dte.Send(line + "\r"); err != nil {
		r.t.Fatal(err)
	}
	if err := r.dte.Expect(want); err != nil {
		r.t.Fatal(err)
	}
}

// expect fails unless want are the next bytes.
func (r *rig) expect(want string) {
	r.t.Helper()
	if err := r.dte.Expect(want); err != nil {
		r.t.Fatal(err)
	}
}
