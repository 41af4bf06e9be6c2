package atcmd

import (
	"errors"
	"strconv"
)

// Framing (ATV1), at-commands.md §1.3: "\r\n<info>\r\n\r\nOK\r\n" [I, V.250].
// The first info line of each command is "\r\n<text>\r\n", further ones
// "<text>\r\n" (the multi-line form is inferred, matching SIMCom-style
// firmware); finals are "\r\n<result>\r\n". ATV0 (V.250 §6.2.6, inferred:
// no capture): info "<text>\r\n", OK "0\r", ERROR "4\r"; +CME ERROR and
// SetFinal texts stay text as "<text>\r\n". ATQ1 (§2 ATQ) writes no final
// result codes at all. S3 and S4 stand for \r and \n everywhere.

// Info writes one information line of the response (buffered; see Flush).
func (c *Cmd) Info(line string) {
	if c.active("Info") {
		c.e.writeInfo(line)
	}
}

// Flush writes the response so far to the host now. Output is otherwise
// buffered until the handler returns or calls Data; a handler that prints
// progress lines and then waits (AT+CIPPING's per-reply lines, §3.2) calls
// Flush after each. A write error is reported by Serve.
func (c *Cmd) Flush() {
	if c.active("Flush") {
		c.e.flush()
	}
}

// Raw writes bytes into the response unframed (payloads, data echo).
func (c *Cmd) Raw(b []byte) {
	if c.active("Raw") {
		c.e.st.out = append(c.e.st.out, b...)
		c.e.maybeFlush()
	}
}

// SetFinal replaces the final result "OK" with s ("SHUT OK", "CLOSE OK");
// "" writes no final result (AT+CIFSR prints the IP without OK, §3.2). In a
// ";" chain the last SetFinal of a successful line wins. Errors are not
// affected.
func (c *Cmd) SetFinal(s string) {
	if c.active("SetFinal") {
		c.e.st.resp.final = s
		c.e.st.resp.finalSet = true
	}
}

// After runs fn on the engine goroutine once the line's final result has
// been written (AT+RESET: "OK", then reboot). It runs even when a later
// command of the chain failed.
func (c *Cmd) After(fn func()) {
	if c.active("After") {
		c.e.st.resp.after = append(c.e.st.resp.after, fn)
	}
}

func (e *Engine) crlf() { e.st.out = append(e.st.out, e.st.cur.S3, e.st.cur.S4) }

func (e *Engine) writeInfo(line string) {
	r := &e.st.resp
	if e.st.cur.Verbose && r.cmdInfos == 0 {
		e.crlf()
	}
	e.st.out = append(e.st.out, line...)
	e.crlf()
	r.cmdInfos++
	if e.opts.URCBetween && !r.urcDone {
		r.urcDone = true
		e.writeOneURC()
	}
	e.maybeFlush()
}

// writeFinal writes the final result for err (nil: OK or SetFinal's text).
func (e *Engine) writeFinal(err error) {
	e.logErr(err)
	s := &e.st.cur
	if s.Quiet {
		return
	}
	text, code := e.finalText(err)
	switch {
	case text == "":
		return
	case !s.Verbose && code >= 0:
		e.st.out = append(e.st.out, byte('0'+code), s.S3)
	case !s.Verbose:
		e.st.out = append(e.st.out, text...)
		e.crlf()
	default:
		e.crlf()
		e.st.out = append(e.st.out, text...)
		e.crlf()
	}
}

// finalText returns the final result text and its V.250 numeric code (0 OK,
// 4 ERROR; -1 for texts without one).
func (e *Engine) finalText(err error) (string, int) {
	if err == nil {
		if e.st.resp.finalSet {
			return e.st.resp.final, -1
		}
		return "OK", 0
	}
	if c, ok := AsCME(err); ok && e.st.cur.CMEE != 0 {
		return cmeLine(c.Code, e.st.cur.CMEE), -1
	}
	if c, ok := AsCMS(err); ok {
		return "+CMS ERROR: " + strconv.Itoa(c.Code), -1
	}
	return "ERROR", 4
}

// logErr logs errors a handler returned that are not part of the protocol.
func (e *Engine) logErr(err error) {
	if err == nil || errors.Is(err, ErrError) || errors.Is(err, errUnknown) {
		return
	}
	var se *SyntaxError
	if _, ok := AsCME(err); ok || errors.As(err, &se) || errors.Is(err, ErrDataAborted) {
		return
	}
	if _, ok := AsCMS(err); ok {
		return
	}
	e.log.Warn("atcmd: handler error answered ERROR", "err", err)
}

func (e *Engine) maybeFlush() {
	if len(e.st.out) >= flushAt {
		e.flush()
	}
}

// flush writes pending output; the first write error is kept and returned
// from then on (Serve returns it).
func (e *Engine) flush() error {
	if e.st.werr != nil {
		return e.st.werr
	}
	if len(e.st.out) == 0 {
		return nil
	}
	_, err := e.rw.Write(e.st.out)
	e.st.out = e.st.out[:0]
	if err != nil {
		e.st.werr = errf("write", err)
	}
	return e.st.werr
}
