package atcmd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// errUnknown is the cause logged for a command without a handler; the host
// sees plain ERROR, as the firmware answers unknown commands (§1.3:
// AT+CIICRR → ERROR).
var errUnknown = errors.New("atcmd: unknown command")

// response is the framing state of one command line's response.
type response struct {
	cmdInfos int    // info lines written for the current command
	final    string // replacement for OK (SetFinal)
	finalSet bool
	urcDone  bool     // URCBetween already used for this response
	after    []func() // Cmd.After callbacks
}

// execLine runs one terminated command line: find "AT", parse, run the
// commands in order (stopping at the first failure), write the final result,
// run After callbacks and write URCs queued meanwhile.
func (e *Engine) execLine(ctx context.Context, raw []byte) {
	i := indexAT(raw)
	if i < 0 {
		if e.log.Enabled(ctx, slog.LevelDebug) {
			e.log.Debug("atcmd: line without AT ignored", "line", string(raw))
		}
		return
	}
	line := string(raw[i:])
	e.st.last = line
	e.st.resp = response{}
	cmds, err := ParseLine(line)
	if err != nil {
		if e.log.Enabled(ctx, slog.LevelDebug) {
			e.log.Debug("atcmd: syntax error", "line", line, "err", err)
		}
	} else {
		err = e.runCmds(ctx, cmds)
	}
	e.writeFinal(err)
	e.runAfter()
	e.writeURCs()
}

func (e *Engine) runCmds(ctx context.Context, cmds []Cmd) error {
	for k := range cmds {
		c := &cmds[k]
		h, builtin := e.lookup(c.Name)
		if h == nil {
			if e.log.Enabled(ctx, slog.LevelDebug) {
				e.log.Debug("atcmd: unknown command", "cmd", c.Text)
			}
			return errUnknown
		}
		c.e = e
		e.st.resp.cmdInfos = 0
		if !builtin {
			e.flush() // show the echo before a handler that may take long
		}
		if err := e.call(ctx, h, c); err != nil {
			return err
		}
	}
	return nil
}

// call runs one handler on the engine goroutine, turning a panic into an
// error so that a faulty handler cannot take the stream down.
func (e *Engine) call(ctx context.Context, h Handler, c *Cmd) (err error) {
	e.st.cmd = c
	e.inUser.Store(true)
	defer func() {
		e.inUser.Store(false)
		e.st.cmd = nil
		e.refresh()
		if r := recover(); r != nil {
			e.log.Error("atcmd: handler panicked", "cmd", c.Text, "panic", r)
			err = fmt.Errorf("atcmd: handler for %s panicked: %v", c.Name, r)
		}
	}()
	return h(ctx, c)
}

func (e *Engine) runAfter() {
	after := e.st.resp.after
	e.st.resp.after = nil
	if len(after) == 0 {
		return
	}
	e.flush()
	e.inUser.Store(true)
	defer e.inUser.Store(false)
	for _, fn := range after {
		e.safe("After", fn)
	}
	e.refresh()
}

// safe runs fn, logging a panic instead of propagating it.
func (e *Engine) safe(what string, fn func()) {
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("atcmd: callback panicked", "what", what, "panic", r)
		}
	}()
	fn()
}

// active reports whether c is the command whose handler is running; Cmd
// methods called at other times are ignored (and logged).
func (c *Cmd) active(what string) bool {
	if c.e == nil || c.e.st.cmd != c {
		if c.e != nil {
			c.e.log.Warn("atcmd: Cmd method called outside its handler", "method", what, "cmd", c.Text)
		}
		return false
	}
	return true
}
