package atcmd

import "context"

// Data-mode control bytes (§3.2 CIPSEND: Ctrl-Z sends, ESC aborts).
const (
	CtrlZ = 0x1A
	ESC   = 0x1B
)

// Data enters data mode: it writes the prompt "\r\n> " (§3.2 shows "> ";
// the CRLF before it is inferred) and then reads either exactly n bytes
// (n > 0; every byte literal, Ctrl-Z and ESC included) or, for n == 0, bytes
// up to Ctrl-Z (not included), ESC aborting with ErrDataAborted. Data bytes
// are echoed while echo is on (§3.2), the Ctrl-Z or ESC ending them is not
// (inferred). If the command line ended with a bare S3, one LF right after
// it is swallowed, as the firmware does (§1.3, MAN TCPIP/CIPSEND.md), so
// hosts may terminate the command with CRLF.
//
// n greater than Options.MaxData fails at once, without the prompt; a
// Ctrl-Z transfer that grows beyond MaxData is read to its end and then
// fails. Both return a *CMEError 914 (BUFFER_OVER_SIZE, §2) wrapping
// ErrDataTooLong. A negative n gives a *CMEError 53. Data honours ctx and
// Close; URCs are never written during data mode.
func (c *Cmd) Data(ctx context.Context, n int) ([]byte, error) {
	if !c.active("Data") {
		return nil, ErrError
	}
	s := c.e.st.cur
	return c.data(ctx, n, string([]byte{s.S3, s.S4, '>', ' '}))
}

// DataPrompt is Data with another prompt, written as given: "" for none
// (AT+CIPSPRT=0, §3.2), "\r\nDOWNLOAD\r\n" for AT+HTTPDATA (§5).
func (c *Cmd) DataPrompt(ctx context.Context, n int, prompt string) ([]byte, error) {
	if !c.active("DataPrompt") {
		return nil, ErrError
	}
	return c.data(ctx, n, prompt)
}

func (c *Cmd) data(ctx context.Context, n int, prompt string) ([]byte, error) {
	e := c.e
	switch {
	case n < 0:
		return nil, &CMEError{Code: 53}
	case n > e.opts.MaxData:
		return nil, &CMEError{Code: 914, Err: ErrDataTooLong}
	}
	e.st.out = append(e.st.out, prompt...)
	d := dataReader{n: n, max: e.opts.MaxData, skipLF: e.st.line.termCR}
	if n > 0 {
		d.buf = make([]byte, 0, n) // n <= MaxData: bounded
	}
	e.st.line.termCR = false
	for !d.done {
		if err := e.fill(ctx); err != nil {
			return nil, errf("data mode", err)
		}
		used, lo, hi := d.feed(e.st.in)
		if e.st.cur.Echo {
			e.st.out = append(e.st.out, e.st.in[lo:hi]...)
		}
		e.st.in = e.st.in[used:]
	}
	return d.result()
}

// dataReader is data mode's state machine, kept apart from I/O so that it
// can be fuzzed.
type dataReader struct {
	n, max  int
	skipLF  bool // swallow one leading LF (§1.3)
	buf     []byte
	started bool
	over    bool // Ctrl-Z mode exceeded max
	aborted bool
	done    bool
}

// feed consumes bytes from p until the transfer is complete and returns how
// many it used and the range p[lo:hi] of data bytes (for echo).
func (d *dataReader) feed(p []byte) (used, lo, hi int) {
	if !d.started && len(p) > 0 {
		d.started = true
		if d.skipLF && p[0] == '\n' {
			used, lo = 1, 1
		}
	}
	if d.n > 0 {
		k := min(d.n-len(d.buf), len(p)-used)
		d.buf = append(d.buf, p[used:used+k]...)
		used += k
		d.done = len(d.buf) == d.n
		return used, lo, used
	}
	for i := used; i < len(p); i++ {
		switch p[i] {
		case CtrlZ, ESC:
			d.done, d.aborted = true, p[i] == ESC
			return i + 1, lo, i
		}
		if len(d.buf) < d.max {
			d.buf = append(d.buf, p[i])
		} else {
			d.over = true
		}
	}
	return len(p), lo, len(p)
}

func (d *dataReader) result() ([]byte, error) {
	switch {
	case d.aborted:
		return nil, ErrDataAborted
	case d.over:
		return nil, &CMEError{Code: 914, Err: ErrDataTooLong}
	}
	if d.buf == nil {
		d.buf = []byte{}
	}
	return d.buf, nil
}
