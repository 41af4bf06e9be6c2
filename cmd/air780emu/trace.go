package main

import (
	"io"
	"sync"
	"time"
)

// traceTimeFormat is the transcript's timestamp: UTC, microseconds.
const traceTimeFormat = "2006-01-02T15:04:05.000000Z"

// tracer is an io.ReadWriter decorator that writes a timestamped transcript
// of both directions (-trace FILE). One line per Read or Write call:
//
//	2026-11-22T00:00:00.000000Z > AT\r
//	2026-11-22T00:00:00.000012Z < \r\nOK\r\n
//
// ">" is host → module (what the module read), "<" is module → host. Bytes
// are escaped so that a line is one line: printable ASCII as is, backslash
// as \\, CR LF TAB as \r \n \t, every other byte as \xNN. Lines are written
// in the order the calls complete, under a lock, unbuffered, so the file is
// complete even if the process is killed.
type tracer struct {
	rw  io.ReadWriter
	now func() time.Time

	mu     sync.Mutex
	out    io.Writer
	err    error // first error writing the transcript
	buf    []byte
	closed bool
}

// newTracer wraps rw, writing the transcript to out.
func newTracer(rw io.ReadWriter, out io.Writer) *tracer {
	return &tracer{rw: rw, out: out, now: time.Now}
}

// Read reads from the host and records what arrived.
func (t *tracer) Read(p []byte) (int, error) {
	n, err := t.rw.Read(p)
	if n > 0 {
		t.record('>', p[:n])
	}
	return n, err
}

// Write writes to the host and records what was written.
func (t *tracer) Write(p []byte) (int, error) {
	n, err := t.rw.Write(p)
	if n > 0 {
		t.record('<', p[:n])
	}
	return n, err
}

// Err returns the first error writing the transcript, if any.
func (t *tracer) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

// Close stops the transcript and closes out if it is an io.Closer; lines
// after Close are not written. Idempotent.
func (t *tracer) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil
	}
	t.closed = true
	if c, ok := t.out.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// record appends one transcript line. After a write error the transcript
// stops (Err reports it); the data path never fails because of the trace.
func (t *tracer) record(dir byte, p []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.err != nil || t.closed {
		return
	}
	b := t.now().UTC().AppendFormat(t.buf[:0], traceTimeFormat)
	b = append(b, ' ', dir, ' ')
	b = appendEscaped(b, p)
	b = append(b, '\n')
	_, t.err = t.out.Write(b)
	if cap(b) <= 64<<10 {
		t.buf = b // keep a modest buffer for the next line
	}
}

// appendEscaped appends p to b in the transcript's escaped form.
func appendEscaped(b, p []byte) []byte {
	const hex = "0123456789abcdef"
	for _, c := range p {
		switch {
		case c == '\\':
			b = append(b, '\\', '\\')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c >= 0x20 && c < 0x7f:
			b = append(b, c)
		default:
			b = append(b, '\\', 'x', hex[c>>4], hex[c&0xf])
		}
	}
	return b
}
