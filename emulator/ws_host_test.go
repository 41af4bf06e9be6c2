package emulator

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// wsHost is the host side of an AT port, as an MCU driver would parse it:
// it splits the module's bytes into lines, reads the raw payload that
// follows "+WSRECV: <id>,<len>,<fin>,<op>" and "+WSREAD: …", recognises the
// "> " data prompt, and sorts URCs from responses by their prefix.
type wsHost struct {
	t    testing.TB
	w    io.Writer
	resp chan hostEv
	urcs chan hostEv
	errc chan error // the reader's end (io.EOF, a framing error)
	wait time.Duration

	mu     sync.Mutex
	seen   []hostEv // every URC taken by nextURC, for diagnostics
	answer string   // the info prefix of the command in flight ("+CEREG:")
	raw    *rawTail // the last bytes the reader got, for diagnostics
	parsed []string // the last lines the reader parsed, for diagnostics
}

// rawTail records the tail of a byte stream and its total length.
type rawTail struct {
	r     io.Reader
	mu    sync.Mutex
	total int
	tail  []byte
}

const rawTailMax = 2048

func (t *rawTail) Read(b []byte) (int, error) {
	n, err := t.r.Read(b)
	t.mu.Lock()
	t.total += n
	t.tail = append(t.tail, b[:n]...)
	if len(t.tail) > rawTailMax {
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-rawTailMax:]...)
	}
	t.mu.Unlock()
	return n, err
}

// diag describes what the host has seen, for failure messages.
func (h *wsHost) diag() string {
	h.raw.mu.Lock()
	total, tail := h.raw.total, string(h.raw.tail)
	h.raw.mu.Unlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	return fmt.Sprintf("\nhost: %d bytes read; last %d bytes %q\nlast lines parsed %q\nURCs taken %q",
		total, len(tail), tail, h.parsed, lines(h.seen))
}

// noteLine records a parsed line (the last 40 are kept).
func (h *wsHost) noteLine(line string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.parsed = append(h.parsed, time.Now().Format("15:04:05.000000 ")+line)
	if len(h.parsed) > 40 {
		h.parsed = h.parsed[len(h.parsed)-40:]
	}
}

// hostEv is one line from the module, with its payload if it has one.
type hostEv struct {
	line string
	data []byte
}

// urcPrefixes are the URC lines a test sees (DESIGN.md item 3; §6).
var urcPrefixes = []string{"+WSCONACK:", "+WSRECV:", "+WSSENT:", "+WSERROR:", "+WSDISCONNECT:",
	"+CGEV:", "+CEREG:", "+CREG:", "+CGREG:", "RDY", "^MODE:", "+E_UTRAN", "+NO Service", "+NITZ:", "+PDP"}

func isURC(line string) bool {
	for _, p := range urcPrefixes {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// newWSHost starts the reader over r; w carries the host's bytes.
func newWSHost(t testing.TB, r io.Reader, w io.Writer) *wsHost {
	h := &wsHost{t: t, w: w, resp: make(chan hostEv, 1024), urcs: make(chan hostEv, 1<<16),
		errc: make(chan error, 1), wait: 20 * time.Second, raw: &rawTail{r: r}}
	go func() { h.errc <- h.read(bufio.NewReaderSize(h.raw, 64<<10)) }()
	return h
}

// read parses the module's output until r fails.
func (h *wsHost) read(r *bufio.Reader) error {
	for {
		if p, err := r.Peek(2); err == nil && string(p) == "> " {
			r.Discard(2)
			h.resp <- hostEv{line: ">"}
			continue
		}
		raw, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		line := strings.TrimRight(raw, "\r\n")
		if line == "" {
			continue
		}
		h.noteLine(line)
		ev := hostEv{line: line}
		if n, ok := payloadLen(line); ok && n > 0 {
			ev.data = make([]byte, n+2)
			if _, err := io.ReadFull(r, ev.data); err != nil {
				return err
			}
			if !bytes.HasSuffix(ev.data, []byte("\r\n")) {
				return fmt.Errorf("payload of %q not followed by CRLF: %q", line, ev.data[n:])
			}
			ev.data = ev.data[:n]
		}
		if isURC(line) && !h.answers(line) {
			h.urcs <- ev
		} else {
			h.resp <- ev
		}
	}
}

// answers reports whether line is the info line of the command in flight
// whose prefix is also a URC's (AT+CEREG? vs +CEREG: <stat>); a real host
// needs the same context.
func (h *wsHost) answers(line string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.answer != "" && strings.HasPrefix(line, h.answer)
}

// payloadLen returns len of a "+WSRECV: id,len,fin,op" (push form) or
// "+WSREAD: id,len,fin,op" line.
func payloadLen(line string) (int, bool) {
	rest, ok := strings.CutPrefix(line, "+WSRECV: ")
	if !ok {
		rest, ok = strings.CutPrefix(line, "+WSREAD: ")
	}
	if !ok {
		return 0, false
	}
	f := strings.Split(rest, ",")
	if len(f) != 4 {
		return 0, false
	}
	n, err := strconv.Atoi(f[1])
	return n, err == nil
}

// write sends raw bytes.
func (h *wsHost) write(b []byte) {
	h.t.Helper()
	if _, err := h.w.Write(b); err != nil {
		h.t.Fatalf("host write: %v", err)
	}
}

// nextResp returns the next response line.
func (h *wsHost) nextResp() hostEv {
	h.t.Helper()
	select {
	case ev := <-h.resp:
		return ev
	case err := <-h.errc:
		h.t.Fatalf("host reader ended: %v%s", err, h.diag())
	case <-time.After(h.wait):
		h.t.Fatalf("no response within %v%s", h.wait, h.diag())
	}
	return hostEv{}
}

// isFinal reports a final result code.
func isFinal(line string) bool {
	return line == "OK" || line == "ERROR" || strings.HasPrefix(line, "+CME ERROR:")
}

// cmd sends one command line and returns its info lines and final result.
func (h *wsHost) cmd(line string) (info []hostEv, final string) {
	h.t.Helper()
	if name, ok := strings.CutPrefix(line, "AT"); ok && strings.HasSuffix(name, "?") {
		h.mu.Lock()
		h.answer = strings.TrimSuffix(name, "?") + ":"
		h.mu.Unlock()
		defer func() {
			h.mu.Lock()
			h.answer = ""
			h.mu.Unlock()
		}()
	}
	h.write([]byte(line + "\r"))
	return h.response()
}

// response collects info lines up to the final result.
func (h *wsHost) response() (info []hostEv, final string) {
	h.t.Helper()
	for {
		ev := h.nextResp()
		if isFinal(ev.line) {
			return info, ev.line
		}
		info = append(info, ev)
	}
}

// ok sends line and fails unless it answers OK.
func (h *wsHost) ok(line string) []hostEv {
	h.t.Helper()
	info, final := h.cmd(line)
	if final != "OK" {
		h.t.Fatalf("%s: %s (info %q)", line, final, info)
	}
	return info
}

// send runs AT+WSSEND=<args>, waits for the prompt, writes data and
// returns the final result.
func (h *wsHost) send(args string, data []byte) string {
	h.t.Helper()
	h.write([]byte("AT+WSSEND=" + args + "\r"))
	ev := h.nextResp()
	if ev.line != ">" {
		if isFinal(ev.line) {
			return ev.line
		}
		h.t.Fatalf("AT+WSSEND=%s: got %q, want the prompt", args, ev.line)
	}
	h.write(data)
	_, final := h.response()
	return final
}

// nextURC returns the next URC.
func (h *wsHost) nextURC() hostEv {
	h.t.Helper()
	ev, err := h.tryURC(h.wait)
	if err != nil {
		h.t.Fatalf("%v%s", err, h.diag())
	}
	return ev
}

// tryURC returns the next URC within d.
func (h *wsHost) tryURC(d time.Duration) (hostEv, error) {
	select {
	case ev := <-h.urcs:
		h.mu.Lock()
		h.seen = append(h.seen, ev)
		h.mu.Unlock()
		return ev, nil
	case err := <-h.errc:
		return hostEv{}, fmt.Errorf("host reader ended: %w", err)
	case <-time.After(d):
		return hostEv{}, errors.New("no URC within " + d.String())
	}
}

// waitURC skips URCs until one equals line, and returns the skipped ones.
func (h *wsHost) waitURC(line string) []hostEv {
	h.t.Helper()
	var skipped []hostEv
	for {
		ev := h.nextURC()
		if ev.line == line {
			return skipped
		}
		skipped = append(skipped, ev)
	}
}

// recvMessage collects +WSRECV pieces of client id until a piece with fin,
// skipping (and returning) other URCs; it checks the opcode rule: the first
// piece carries op, continuations 0.
func (h *wsHost) recvMessage(id, op int) (msg []byte, other []hostEv) {
	h.t.Helper()
	prefix := fmt.Sprintf("+WSRECV: %d,", id)
	first := true
	for {
		ev := h.nextURC()
		if !strings.HasPrefix(ev.line, prefix) {
			other = append(other, ev)
			continue
		}
		var gid, n, fin, gop int
		if _, err := fmt.Sscanf(ev.line, "+WSRECV: %d,%d,%d,%d", &gid, &n, &fin, &gop); err != nil {
			h.t.Fatalf("bad +WSRECV line %q: %v", ev.line, err)
		}
		want := 0
		if first {
			want = op
		}
		if gop != want || n != len(ev.data) {
			h.t.Fatalf("%q: opcode %d len %d, want opcode %d len %d", ev.line, gop, len(ev.data), want, n)
		}
		first = false
		msg = append(msg, ev.data...)
		if fin == 1 {
			return msg, other
		}
	}
}
