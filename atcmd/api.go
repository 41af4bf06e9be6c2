package atcmd

// This file is the package's public contract, fixed before implementation so
// that emulator/ and cmd/ can be written against it in parallel. Implementations
// may add exported API; changing what is here needs a note in the issue.

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Kind is the syntactic form of one command in a command line.
type Kind int

const (
	// Exec is a bare command: AT+CSQ, ATI, AT&W.
	Exec Kind = iota
	// Read is AT+CMD?.
	Read
	// Test is AT+CMD=?.
	Test
	// Set is AT+CMD=<args>, or a basic command with a number: ATE0, ATS3=13.
	Set
)

// Cmd is one parsed command of a command line, handed to a Handler. Its
// methods write the command's response through the engine, which frames it
// according to ATV/ATQ and keeps URCs out of it.
type Cmd struct {
	// Name is the canonical upper-case command name with its prefix
	// character: "+CSQ", "^HVER", "*I", "&W", "E", "I", "S3".
	Name string
	// Kind is Exec, Read, Test or Set.
	Kind Kind
	// Args are the comma-separated parameters of a Set command, with quoted
	// strings unquoted (Arg.Quoted tells which were quoted). For basic
	// commands (ATE1) Args holds the single number, if any.
	Args []Arg
	// Text is the command's own text as the host sent it (without "AT").
	Text string

	e *Engine // set by the engine
}

// Arg is one parameter of a Set command.
type Arg struct {
	Text   string // the value, unquoted
	Quoted bool   // whether the host wrote it in double quotes
	Empty  bool   // an omitted parameter: AT+X=1,,3 has an empty second Arg
}

// Handler answers one command. It writes info lines with c.Info and returns nil
// for OK, a *CMEError for "+CME ERROR: <n>" (rendered per AT+CMEE), a
// *CMSError for "+CMS ERROR: <n>", or ErrError for a plain "ERROR". Any other
// error is rendered as ERROR and logged (a panic too). A handler runs on the
// engine's goroutine and must not block without honouring ctx; ctx is the
// engine's, cancelled when the engine stops, and marks engine code so that
// Emit and Submit called with it never wait for the engine itself.
type Handler func(ctx context.Context, c *Cmd) error

// Options configures an Engine. A nil *Options means the defaults.
type Options struct {
	// MaxLine is the longest command line accepted, in bytes (default 1024).
	// A longer line is discarded up to its terminator and answered ERROR.
	MaxLine int
	// MaxData bounds one data-mode transfer (default 64 KiB).
	MaxData int
	// URCBetween, when set, deliberately emits one pending URC between a
	// response's first info line and its final result code, to test host
	// parsers. Off by default: URCs never split a response.
	URCBetween bool
	// URCQueue bounds the URC queue in bytes (default 256 KiB). Emit blocks
	// (honouring its ctx) while the queue is full: backpressure, never drops.
	URCQueue int
	// URCIdle is how long a partly typed command line may hold back queued
	// URCs (default 1 s). URCs are written only at line boundaries: when no
	// command runs and the line buffer is empty. A host that starts a line
	// and never finishes it would otherwise block them forever, so once no
	// byte has arrived for URCIdle they are written anyway (rule inferred;
	// real modules write URCs at any time).
	URCIdle time.Duration
	// Logger receives diagnostics; nil discards them.
	Logger *slog.Logger
}

// Settings are the V.250 session settings the engine owns. AT&W persists
// them, AT&F and a reboot restore them.
type Settings struct {
	Echo    bool // ATE; on at boot, as the real module
	Verbose bool // ATV1 (text results) vs ATV0 (numeric)
	Quiet   bool // ATQ1 suppresses result codes
	CMEE    int  // AT+CMEE: 0 plain ERROR, 1 numeric, 2 verbose
	S3      byte // line terminator, default '\r'
	S4      byte // response formatting character, default '\n'
	S5      byte // backspace, default 0x08
}

// DefaultSettings are the settings of a module fresh from the factory.
func DefaultSettings() Settings {
	return Settings{Echo: true, Verbose: true, CMEE: 1, S3: '\r', S4: '\n', S5: 0x08}
}

// ErrError is returned by a Handler for a plain "ERROR" final result.
var ErrError = errors.New("atcmd: ERROR")

// ErrDataAborted is returned by Cmd.Data when the host sent ESC.
var ErrDataAborted = errors.New("atcmd: data mode aborted by ESC")

// ErrClosed is returned by Emit and Serve after the engine was closed.
var ErrClosed = errors.New("atcmd: engine closed")

// CMEError is a "+CME ERROR: <Code>" final result.
type CMEError struct {
	Code int
	Err  error // optional cause, for logs; never shown to the host
}

// URC is one unsolicited result code: a line of text and, optionally, raw
// bytes that follow it (as +WSRECV's payload). The engine frames it as
// "\r\n<Line>\r\n" then Data then "\r\n" when Data is non-nil.
type URC struct {
	Line string
	Data []byte
}
