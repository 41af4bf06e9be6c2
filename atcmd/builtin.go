package atcmd

import (
	"context"
	"fmt"
)

// builtinHandlers are the commands the engine answers itself because they
// change its own framing: E, V, Q (V.250 §6.2; §2 ATE/ATQ), +CMEE (§2) and
// S3/S4/S5 (V.250 §6.2.1-3). Handlers registered with Handle override them.
func (e *Engine) builtinHandlers() map[string]Handler {
	return map[string]Handler{
		"E":     e.flagHandler(func(s *Settings, v bool) { s.Echo = v }, func(s *Settings) bool { return s.Echo }),
		"V":     e.flagHandler(func(s *Settings, v bool) { s.Verbose = v }, func(s *Settings) bool { return s.Verbose }),
		"Q":     e.flagHandler(func(s *Settings, v bool) { s.Quiet = v }, func(s *Settings) bool { return s.Quiet }),
		"+CMEE": e.cmee,
		// §1.3 and MAN Configuration/ATS3.md: "ATS3 only supports 13".
		"S3": e.sreg("(13)", func(v int) bool { return v == 13 }, func(s *Settings) *byte { return &s.S3 }),
		// V.250 §6.2.2: 0-127.
		"S4": e.sreg("(0-127)", func(v int) bool { return v <= 127 }, func(s *Settings) *byte { return &s.S4 }),
		// MAN ATS5.md lists only 8 (the default). V.250 allows 0-127; control
		// characters only are accepted here (inferred), so that a letter can
		// never become backspace and lock the host out of "AT".
		"S5": e.sreg("(0-31,127)", func(v int) bool { return v < 0x20 || v == 0x7f },
			func(s *Settings) *byte { return &s.S5 }),
	}
}

// update changes the settings from a handler.
func (e *Engine) update(fn func(*Settings)) {
	e.mu.Lock()
	fn(&e.settings)
	e.mu.Unlock()
}

// flagHandler serves a 0/1 basic command: "ATE" means ATE0 (V.250: a
// missing value is 0), "ATE1" sets, "ATE?" reads (V.250 has no read form for
// basic commands; answering "<n>" is inferred). Anything else is ERROR.
func (e *Engine) flagHandler(set func(*Settings, bool), get func(*Settings) bool) Handler {
	return func(ctx context.Context, c *Cmd) error {
		switch c.Kind {
		case Exec:
			e.update(func(s *Settings) { set(s, false) })
		case Set:
			t := c.Args[0].Text
			if t != "0" && t != "1" && t != "00" && t != "01" {
				return ErrError
			}
			e.update(func(s *Settings) { set(s, t[len(t)-1] == '1') })
		case Read:
			v := 0
			if get(&e.st.cur) {
				v = 1
			}
			c.Info(fmt.Sprint(v))
		default:
			return ErrError
		}
		return nil
	}
}

// cmee serves AT+CMEE (§2): set "=<n>" (n omitted or bare AT+CMEE: 0, as
// 27.007 §9.1 gives the default; inferred), read "+CMEE: <n>", test
// "+CMEE: (0-2)".
func (e *Engine) cmee(ctx context.Context, c *Cmd) error {
	switch c.Kind {
	case Read:
		c.Info(fmt.Sprintf("+CMEE: %d", e.st.cur.CMEE))
	case Test:
		c.Info("+CMEE: (0-2)")
	default:
		n, err := c.IntOr(0, 0, 0, 2)
		if err != nil {
			return err
		}
		if len(c.Args) > 1 {
			return &CMEError{Code: 53}
		}
		e.update(func(s *Settings) { s.CMEE = n })
	}
	return nil
}

// sreg serves an S-parameter: "ATSn?" answers the plain decimal value, as
// the manual's example shows ("ATS5?" → "8", MAN Configuration/ATS5.md;
// V.250 would print "008"), "ATSn=?" the accepted values (inferred),
// "ATSn=<v>" sets it.
func (e *Engine) sreg(values string, ok func(int) bool, reg func(*Settings) *byte) Handler {
	return func(ctx context.Context, c *Cmd) error {
		switch c.Kind {
		case Read:
			c.Info(fmt.Sprint(*reg(&e.st.cur)))
		case Test:
			c.Info(values)
		case Set:
			v, err := c.Int(0, 0, 255)
			if err != nil || !ok(v) {
				return ErrError // V.250: S-parameter errors are plain ERROR
			}
			e.update(func(s *Settings) { *reg(s) = byte(v) })
		default:
			return ErrError
		}
		return nil
	}
}
