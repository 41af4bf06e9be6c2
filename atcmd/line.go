package atcmd

// lineEvent is what one input byte did to the command line.
type lineEvent int

const (
	evNone     lineEvent = iota
	evLine               // a line was terminated; lineBuf.buf holds it
	evRepeat             // "A/" was typed: repeat the previous line
	evOverflow           // a line longer than MaxLine was terminated
)

// lineBuf assembles command lines from input bytes (V.250 §5.2.1, §6.2.1-3).
// Memory is bounded: at most max bytes are kept; the rest of an over-long
// line is discarded up to its terminator.
type lineBuf struct {
	buf    []byte
	max    int
	over   bool // the current line exceeded max
	termCR bool // the last line ended with S3 (data mode swallows one LF)
}

func (l *lineBuf) init(max int) { l.buf = make([]byte, 0, min(max, 256)); l.max = max }

// active reports a partly typed line.
func (l *lineBuf) active() bool { return len(l.buf) > 0 || l.over }

func (l *lineBuf) reset() { l.buf = l.buf[:0]; l.over = false }

// feed applies one byte and reports what happened and whether the byte is
// echoed (when ATE1). Rules:
//   - S3 ends the line (§1.3: commands end with \r) and is echoed;
//   - LF after an empty line (the LF of a CRLF terminator) is dropped
//     silently; LF ending a non-empty line terminates it like S3, because
//     DTEs send "AT\n" too (style-anchors.md §2.4; inferred);
//   - S5 deletes the last character and is echoed as itself (no BS SP BS;
//     inferred);
//   - other control bytes (NUL, Ctrl-Z, ESC, ...) and DEL are ignored and
//     not echoed outside data mode (V.250 §5.2.1 ignores them; inferred);
//   - "A/" as the first two characters repeats the previous line (V.250
//     §6.2.4), without a terminator.
func (l *lineBuf) feed(b byte, s *Settings) (lineEvent, bool) {
	switch {
	case b == s.S3:
		return l.terminate(true), true
	case b == '\n':
		if !l.active() {
			return evNone, false
		}
		return l.terminate(false), true
	case b == s.S5:
		if len(l.buf) > 0 {
			l.buf = l.buf[:len(l.buf)-1]
		}
		return evNone, true
	case b < 0x20 || b == 0x7f:
		return evNone, false
	}
	l.termCR = false
	if len(l.buf) >= l.max {
		l.over = true
		return evNone, true
	}
	l.buf = append(l.buf, b)
	if b == '/' && len(l.buf) == 2 && l.buf[0]|0x20 == 'a' && !l.over {
		return evRepeat, true
	}
	return evNone, true
}

func (l *lineBuf) terminate(cr bool) lineEvent {
	l.termCR = cr
	switch {
	case l.over:
		return evOverflow
	case len(l.buf) == 0:
		return evNone
	}
	return evLine
}

// indexAT returns the offset of the first "AT" (any case) in line, or -1.
// V.250 §5.2.1: characters before "AT" are ignored.
func indexAT(line []byte) int {
	for i := 0; i+1 < len(line); i++ {
		if line[i]|0x20 == 'a' && line[i+1]|0x20 == 't' {
			return i
		}
	}
	return -1
}

// plainRun consumes the leading run of ordinary bytes of p (no terminator,
// backspace, control byte or '/') in one step and returns its length; the
// bytes are all echoed. It is feed's fast path for long lines and floods.
func (l *lineBuf) plainRun(p []byte, s *Settings) int {
	n := 0
	for _, b := range p {
		if b < 0x20 || b == 0x7f || b == '/' || b == s.S3 || b == s.S5 {
			break
		}
		n++
	}
	if n == 0 {
		return 0
	}
	l.termCR = false
	room := l.max - len(l.buf)
	if n > room {
		l.over = true
	}
	l.buf = append(l.buf, p[:min(n, room)]...)
	return n
}
