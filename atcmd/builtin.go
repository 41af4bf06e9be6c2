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
		"S3": e.sreg(13, 13, func(s *Settings) *byte { return &s.S3 }),
		"S4": e.sreg(0, 127, func(s *Settings) *byte { return &s.S4 }),
		"S5": e.sreg(0, 127, func(s *Settings) *byte { return &s.S5 }),
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

// sreg serves an S-parameter: "ATSn?" answers the value as three decimal
// digits ("013"), "ATSn=?" the range "(0-127)" (V.250 §6.3 habit; both
// inferred, MAN ATS3.md shows only "<n>"), "ATSn=<v>" sets it.
func (e *Engine) sreg(lo, hi int, reg func(*Settings) *byte) Handler {
	return func(ctx context.Context, c *Cmd) error {
		switch c.Kind {
		case Read:
			c.Info(fmt.Sprintf("%03d", *reg(&e.st.cur)))
		case Test:
			if lo == hi {
				c.Info(fmt.Sprintf("(%d)", lo))
			} else {
				c.Info(fmt.Sprintf("(%d-%d)", lo, hi))
			}
		case Set:
			v, err := c.Int(0, lo, hi)
			if err != nil {
				return ErrError // V.250: S-parameter errors are plain ERROR
			}
			e.update(func(s *Settings) { *reg(s) = byte(v) })
		default:
			return ErrError
		}
		return nil
	}
}
