package atcmdtest

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"

	"github.com/air780emu/air780emu/atcmd"
)

// Harness is an engine served over an in-memory pipe with a DTE on the
// other end.
type Harness struct {
	T      testing.TB
	Engine *atcmd.Engine
	DTE    *DTE
	served chan error
	once   sync.Once
	result error
}

// Start creates an engine with opts over net.Pipe, calls register (if not
// nil) to add handlers before serving, starts Serve and returns the harness.
// When the test ends it closes the engine and both pipe ends and waits for
// Serve and the reader goroutines, so goleak stays quiet.
func Start(t testing.TB, opts *atcmd.Options, register func(*atcmd.Engine)) *Harness {
	t.Helper()
	dce, dte := net.Pipe()
	e := atcmd.New(dce, opts)
	if register != nil {
		register(e)
	}
	h := &Harness{T: t, Engine: e, DTE: NewDTE(dte), served: make(chan error, 1)}
	go func() { h.served <- e.Serve(context.Background()) }()
	t.Cleanup(func() {
		e.Close()
		dce.Close()
		h.DTE.Close()
		if err := h.Wait(); err != nil && !errors.Is(err, atcmd.ErrClosed) {
			t.Logf("atcmdtest: Serve returned %v", err)
		}
	})
	return h
}

// Wait waits for Serve to return and returns its result (every call).
func (h *Harness) Wait() error {
	h.once.Do(func() { h.result = <-h.served })
	return h.result
}

// Send writes s, failing the test on error.
func (h *Harness) Send(s string) {
	h.T.Helper()
	if err := h.DTE.Send(s); err != nil {
		h.T.Fatal(err)
	}
}

// Expect fails the test unless want are the next bytes from the engine.
func (h *Harness) Expect(want string) {
	h.T.Helper()
	if err := h.DTE.Expect(want); err != nil {
		h.T.Fatal(err)
	}
}

// Exchange sends a command line and expects the exact reply (echo included
// when echo is on).
func (h *Harness) Exchange(send, want string) {
	h.T.Helper()
	h.Send(send)
	h.Expect(want)
}
