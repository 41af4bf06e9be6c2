package atcmd

// Stub bodies of the contract; the atcmd implementation replaces this file.

import (
	"context"
	"io"
)

// Engine runs the AT command interpreter over one serial stream. One goroutine
// (the one in Serve) owns the stream: it reads, echoes, dispatches handlers,
// writes responses and flushes URCs at line boundaries.
type Engine struct{ rw io.ReadWriter }

// New returns an engine over rw with the given options (nil means defaults).
func New(rw io.ReadWriter, opts *Options) *Engine { return &Engine{rw: rw} }

// Handle registers h for the canonical command name ("+CSQ", "I", "&W").
func (e *Engine) Handle(name string, h Handler) { panic("unimplemented") }

// Serve runs the engine until ctx is done, the stream fails, or Close.
func (e *Engine) Serve(ctx context.Context) error { panic("unimplemented") }

// Emit queues a URC; it blocks while the queue is full, honouring ctx.
func (e *Engine) Emit(ctx context.Context, u URC) error { panic("unimplemented") }

// Submit runs fn on the engine goroutine between commands.
func (e *Engine) Submit(ctx context.Context, fn func(ctx context.Context)) error {
	panic("unimplemented")
}

// Settings returns the current session settings.
func (e *Engine) Settings() Settings { panic("unimplemented") }

// SetSettings replaces the session settings (AT&F, reboot, restored profile).
func (e *Engine) SetSettings(s Settings) { panic("unimplemented") }

// Close stops the engine; it is idempotent and unblocks Serve and Emit.
func (e *Engine) Close() error { panic("unimplemented") }

// Info writes one information line of the response.
func (c *Cmd) Info(line string) { panic("unimplemented") }

// Raw writes bytes into the response unframed (payloads, data echo).
func (c *Cmd) Raw(b []byte) { panic("unimplemented") }

// Data enters data mode: writes the "> " prompt, then reads exactly n bytes
// (n > 0) or bytes up to Ctrl-Z (n == 0). ESC aborts with ErrDataAborted.
func (c *Cmd) Data(ctx context.Context, n int) ([]byte, error) { panic("unimplemented") }

// SetFinal replaces the final result "OK" with s; "" writes no final result.
func (c *Cmd) SetFinal(s string) { panic("unimplemented") }

// After runs fn once the final result has been written.
func (c *Cmd) After(fn func()) { panic("unimplemented") }

// Engine returns the engine running the command.
func (c *Cmd) Engine() *Engine { return c.e }

// CME returns a *CMEError with the given code.
func CME(code int) error { return &CMEError{Code: code} }

func (e *CMEError) Error() string { return "atcmd: +CME ERROR" }

// Unwrap returns the cause.
func (e *CMEError) Unwrap() error { return e.Err }
