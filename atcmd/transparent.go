package atcmd

import (
	"context"
	"errors"
	"time"
)

// Escape-sequence timing of transparent mode, §3.2 AT+CIPMODE: "+++" needs
// at least 1 s of silence before it, at most 0.5 s between the '+', and
// 0.5 s of silence after it.
const (
	DefaultGuardBefore = time.Second
	DefaultEscBetween  = 500 * time.Millisecond
	DefaultGuardAfter  = 500 * time.Millisecond
)

// ErrNotEngine is returned by EnterTransparent when it is not called from
// engine code (a handler, an After or a Submit function).
var ErrNotEngine = errors.New("atcmd: must be called on the engine goroutine")

// Transparent configures transparent data mode (AT+CIPMODE=1, §3.2): every
// host byte goes to Write instead of the command interpreter, without echo,
// until the host sends "+++" framed by guard times (the engine then writes
// OK and calls Exit(nil)), Write fails (Exit(err)), or the emulator calls
// ExitTransparent. Output for the host goes through EmitRaw, which is written
// at once in this mode; URCs emitted meanwhile are written too, in order, so
// the emulator should not emit them while the link is transparent.
type Transparent struct {
	// Write receives host bytes, on the engine goroutine; p is valid only
	// during the call. It should not block for long: the engine writes
	// nothing to the host while it runs.
	Write func(ctx context.Context, p []byte) error
	// Exit, if set, is called on the engine goroutine when the mode ends by
	// "+++" (err nil, after OK was written) or by a Write error.
	Exit func(err error)
	// Escape timing; zero means the §3.2 defaults above.
	GuardBefore, Between, GuardAfter time.Duration
}

// tpState is the running transparent mode (engine goroutine only).
type tpState struct {
	t      Transparent
	last   time.Time // arrival of the previous host byte
	plus   int       // '+' held back as a possible escape
	plusAt time.Time
}

// EnterTransparent switches the stream to transparent mode once the current
// command line's response and queued output are written. It must be called
// from engine code: typically c.After after SetFinal("CONNECT") (ATO), or a
// Submit function after emitting "CONNECT".
func (e *Engine) EnterTransparent(t Transparent) error {
	if !e.inUser.Load() {
		return ErrNotEngine
	}
	if t.Write == nil {
		return errors.New("atcmd: Transparent.Write is nil")
	}
	if t.GuardBefore <= 0 {
		t.GuardBefore = DefaultGuardBefore
	}
	if t.Between <= 0 {
		t.Between = DefaultEscBetween
	}
	if t.GuardAfter <= 0 {
		t.GuardAfter = DefaultGuardAfter
	}
	e.st.tp = &tpState{t: t, last: time.Now()}
	return nil
}

// ExitTransparent returns to command mode without writing anything (the
// link closed: the emulator then emits "CLOSED", §3.3). '+' held back as a
// possible escape are dropped with the link. Engine code only; a no-op
// outside transparent mode.
func (e *Engine) ExitTransparent() {
	if e.inUser.Load() {
		e.st.tp = nil
	}
}

// tpFeed hands the unread input to the transparent peer, holding back a
// possible "+++" escape.
func (e *Engine) tpFeed(ctx context.Context) {
	tp := e.st.tp
	p := e.st.in
	e.st.in = nil
	now := e.st.lastIn
	start := 0
	for i, b := range p {
		silent := i == 0 && now.Sub(tp.last) >= tp.t.GuardBefore
		switch {
		case b == '+' && tp.plus == 0 && silent,
			b == '+' && tp.plus > 0 && tp.plus < 3 && now.Sub(tp.plusAt) <= tp.t.Between:
			if !e.tpWrite(ctx, p[start:i]) {
				return
			}
			start = i + 1
			tp.plus++
			tp.plusAt = now
		case tp.plus > 0:
			if !e.tpWrite(ctx, []byte("+++")[:tp.plus]) {
				return
			}
			tp.plus = 0
		}
	}
	tp.last = now
	if !e.tpWrite(ctx, p[start:]) {
		return
	}
	if tp.plus > 0 {
		e.armEscape()
	}
}

// armEscape sets the timer that decides a held "+", "++" or "+++".
func (e *Engine) armEscape() {
	tp := e.st.tp
	e.st.tpTimer.Reset(max(0, tp.silence()-time.Since(tp.plusAt)))
}

// silence is how long the host must stay quiet after the last held '+' to
// decide it: Between for an incomplete escape (it is then data), GuardAfter
// for a complete "+++" (it then escapes).
func (tp *tpState) silence() time.Duration {
	if tp.plus == 3 {
		return tp.t.GuardAfter
	}
	return tp.t.Between
}

// tpTimeout runs when the escape timer fires: a complete "+++" followed by
// silence escapes to command mode with OK; an incomplete one is data.
func (e *Engine) tpTimeout(ctx context.Context) {
	tp := e.st.tp
	if tp == nil || tp.plus == 0 {
		return
	}
	if time.Since(tp.plusAt) < tp.silence() {
		e.armEscape()
		return
	}
	if tp.plus < 3 {
		e.tpWrite(ctx, []byte("+++")[:tp.plus])
		tp.plus = 0
		return
	}
	e.st.tp = nil
	e.st.resp = response{}
	e.writeFinal(nil)
	if tp.t.Exit != nil {
		e.runUser(ctx, func(context.Context) { tp.t.Exit(nil) })
	}
}

// tpWrite gives bytes to the peer; on error it leaves transparent mode,
// calls Exit(err) and reports false.
func (e *Engine) tpWrite(ctx context.Context, p []byte) bool {
	if len(p) == 0 {
		return true
	}
	tp := e.st.tp
	var err error
	e.runUser(ctx, func(ctx context.Context) { err = tp.t.Write(ctx, p) })
	if err == nil {
		return true
	}
	e.log.Debug("atcmd: transparent write failed, back to command mode", "err", err)
	if e.st.tp == tp {
		e.st.tp = nil
	}
	if tp.t.Exit != nil {
		e.runUser(ctx, func(context.Context) { tp.t.Exit(err) })
	}
	return false
}
