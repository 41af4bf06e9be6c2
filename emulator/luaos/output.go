package luaos

import (
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
)

// Log levels of log.setLevel (luatos-semantics.md §3.3).
const (
	levelDebug  = 1
	levelInfo   = 2
	levelWarn   = 3
	levelError  = 4
	levelSilent = 7
)

// output is the log channel: every line goes to Stdout and, when attached,
// to the USB port. On the device the log stream is Luatools-framed; here a
// line ends in "\n" on Stdout and "\r\n" on the USB port (a serial
// terminal's convention; the emulator's choice). Writers are serialised
// because the websocket client logs from its own goroutines.
type output struct {
	mu     sync.Mutex
	stdout io.Writer
	usb    io.Writer // nil when not attached
	logger *slog.Logger
	level  atomic.Int32
}

func newOutput(stdout, usb io.Writer, logger *slog.Logger) *output {
	o := &output{stdout: stdout, usb: usb, logger: logger}
	o.level.Store(levelDebug)
	return o
}

// line writes one log line.
func (o *output) line(s string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, err := io.WriteString(o.stdout, s+"\n"); err != nil {
		o.logger.Debug("luaos: stdout write", "err", err)
	}
	if o.usb != nil {
		if _, err := io.WriteString(o.usb, s+"\r\n"); err != nil {
			o.logger.Debug("luaos: usb write", "err", err)
		}
	}
}

// enabled reports whether a line of the given level passes log.setLevel.
func (o *output) enabled(level int) bool {
	return level >= int(o.level.Load()) && o.level.Load() != levelSilent
}

// clog writes a C-side line "<L>/<tag> <msg>" (§3.3), filtered by the same
// level as log.*.
func (o *output) clog(letter byte, tag, msg string) {
	if o.enabled(letterLevel(letter)) {
		o.line(string(letter) + "/" + tag + " " + msg)
	}
}

// letterLevel maps D/I/W/E to the level numbers.
func letterLevel(l byte) int {
	switch l {
	case 'D':
		return levelDebug
	case 'I':
		return levelInfo
	case 'W':
		return levelWarn
	}
	return levelError
}

// usbWrite writes raw bytes (a REPL or shell answer) to the USB port.
func (o *output) usbWrite(b []byte) {
	if o.usb == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, err := o.usb.Write(b); err != nil {
		o.logger.Debug("luaos: usb write", "err", err)
	}
}

// serialPort is the main port's writing side, serialised like output.
type serialPort struct {
	mu     sync.Mutex
	w      io.Writer
	logger *slog.Logger
}

// write writes b and returns how many bytes went out.
func (p *serialPort) write(b []byte) int {
	if p == nil || p.w == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	n, err := p.w.Write(b)
	if err != nil {
		p.logger.Debug("luaos: uart write", "err", err)
	}
	return n
}
