package atcmd

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Default option values (see Options).
const (
	DefaultMaxLine  = 1024
	DefaultMaxData  = 64 << 10
	DefaultURCQueue = 256 << 10
	DefaultURCIdle  = time.Second
	readChunk       = 16 << 10
	flushAt         = 16 << 10
)

// Engine runs the AT command interpreter over one serial stream. One goroutine
// (the one in Serve) owns the stream: it reads, echoes, dispatches handlers,
// writes responses and flushes URCs at line boundaries. All methods except
// Serve may be called from any goroutine.
type Engine struct {
	rw   io.ReadWriter
	opts Options
	log  *slog.Logger

	mu       sync.Mutex
	settings Settings
	handlers map[string]Handler
	builtins map[string]Handler
	cancel   context.CancelCauseFunc
	served   bool
	deferred []func(context.Context) // Submit calls made from engine code

	closeOnce sync.Once
	closed    chan struct{}
	wake      chan struct{} // cap 1: a URC or deferred work is waiting
	submitCh  chan *submission
	urc       urcQueue
	inUser    atomic.Bool // the engine goroutine is running handler/Submit code

	chunks chan chunk
	free   chan []byte

	st serveState // owned by the Serve goroutine
}

// serveState is everything only the Serve goroutine touches.
type serveState struct {
	in     []byte // unread input of the current chunk
	inBuf  []byte // the chunk's buffer, returned to free when in is empty
	rerr   error  // the reader's error, after the bytes before it
	werr   error  // first write error
	out    []byte // pending output, flushed before blocking
	line   lineBuf
	last   string   // previous command line, for A/
	cur    Settings // settings snapshot used while framing
	resp   response
	cmd    *Cmd // the command whose handler is running
	lastIn time.Time

	tp      *tpState // transparent mode, nil in command mode
	tpTimer *time.Timer
}

// New returns an engine over rw with the given options (nil means defaults).
// The engine does not start until Serve is called.
func New(rw io.ReadWriter, opts *Options) *Engine {
	o := withDefaults(opts)
	e := &Engine{
		rw:       rw,
		opts:     o,
		log:      o.Logger,
		settings: DefaultSettings(),
		handlers: make(map[string]Handler),
		closed:   make(chan struct{}),
		wake:     make(chan struct{}, 1),
		submitCh: make(chan *submission),
		chunks:   make(chan chunk, 1),
		free:     make(chan []byte, 2),
	}
	e.urc.init(o.URCQueue)
	e.st.line.init(o.MaxLine)
	e.builtins = e.builtinHandlers()
	e.free <- make([]byte, readChunk)
	e.free <- make([]byte, readChunk)
	return e
}

func withDefaults(opts *Options) Options {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.MaxLine <= 0 {
		o.MaxLine = DefaultMaxLine
	}
	if o.MaxData <= 0 {
		o.MaxData = DefaultMaxData
	}
	if o.URCQueue <= 0 {
		o.URCQueue = DefaultURCQueue
	}
	if o.URCIdle <= 0 {
		o.URCIdle = DefaultURCIdle
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Handle registers h for the canonical command name ("+CSQ", "I", "&W",
// "S3"); the name is matched case-insensitively. A handler registered for a
// built-in name (E, V, Q, +CMEE, S3, S4, S5) replaces the built-in; a nil h
// removes the registration (and restores the built-in, if any). Handle may be
// called while Serve runs; it applies from the next command.
func (e *Engine) Handle(name string, h Handler) {
	name = strings.ToUpper(name)
	e.mu.Lock()
	defer e.mu.Unlock()
	if h == nil {
		delete(e.handlers, name)
		return
	}
	e.handlers[name] = h
}

// lookup returns the handler for name and whether it is a built-in.
func (e *Engine) lookup(name string) (Handler, bool) {
	e.mu.Lock()
	h := e.handlers[name]
	e.mu.Unlock()
	if h != nil {
		return h, false
	}
	h = e.builtins[name]
	return h, h != nil
}

// Settings returns the current session settings.
func (e *Engine) Settings() Settings {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.settings
}

// SetSettings replaces the session settings (AT&F, reboot, restored
// profile). Called from a handler it applies from that command's own final
// result on (ATV0 answers "0"); from another goroutine it applies from the
// next chunk of input or command line.
func (e *Engine) SetSettings(s Settings) {
	e.mu.Lock()
	e.settings = s
	e.mu.Unlock()
}

// refresh reloads the settings snapshot (engine goroutine only).
func (e *Engine) refresh() { e.st.cur = e.Settings() }

// Close stops the engine: Serve returns ErrClosed, blocked Emit and Submit
// calls return ErrClosed, and the context handed to handlers is cancelled.
// Close is idempotent and does not wait for Serve to return, nor close rw:
// a Read blocked in the reader goroutine ends when the owner closes rw, and
// a Write blocked in rw (a host that stopped reading) ends only when rw is
// closed or accepts the bytes.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() { close(e.closed) })
	e.mu.Lock()
	cancel := e.cancel
	e.mu.Unlock()
	if cancel != nil {
		cancel(ErrClosed)
	}
	return nil
}

func (e *Engine) isClosed() bool {
	select {
	case <-e.closed:
		return true
	default:
		return false
	}
}

// signal wakes the Serve loop without blocking.
func (e *Engine) signal() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// engineKey marks contexts handed to engine code, so that Emit and Submit
// called from a handler do not wait for the engine goroutine (themselves).
type engineKey struct{}

// onEngine reports whether ctx is the engine's own and engine code is
// running, i.e. the caller is (almost certainly) the engine goroutine.
func (e *Engine) onEngine(ctx context.Context) bool {
	v, _ := ctx.Value(engineKey{}).(*Engine)
	return v == e && e.inUser.Load()
}
