package luaos

import (
	"bytes"
	"strings"
)

// REPL framing limits. The device documents about 510 bytes per line
// (§3.9); the emulator accepts more, but bounds both so a host that never
// sends a line end cannot grow memory without limit.
const (
	maxREPLLine  = 4096
	maxREPLBlock = 64 << 10
)

// itemKind classifies one framed REPL input.
type itemKind int

const (
	itemLua   itemKind = iota + 1 // a line or loadstr: one Lua chunk
	itemBlock                     // <<EOF … EOF: one Lua chunk
	itemShell                     // a line beginning with AT: the shell's AT set
	itemError                     // framing error, to be written back
)

// replItem is one framed input.
type replItem struct {
	kind itemKind
	text string
	raw  string // the line as received (for echo)
}

// replParser frames the REPL's byte stream (at-commands.md §7, §3.9):
// leading CR/LF are skipped; a line ends at the first CR or LF; a block
// starts with "<<EOF" + CR or LF and ends at a line that is "EOF" followed
// by CR or LF. It is pure: no I/O, bounded memory.
type replParser struct {
	buf       []byte
	skip      bool // discarding an overlong line up to its end
	skipBlock bool // discarding an overlong block up to its EOF line
}

// feed adds b and returns every input it completes, in order.
func (p *replParser) feed(b []byte) []replItem {
	p.buf = append(p.buf, b...)
	var out []replItem
	for {
		it, ok := p.next()
		if !ok {
			return out
		}
		if it.kind != 0 {
			out = append(out, it)
		}
	}
}

// next frames one input from the buffer; ok is false when more bytes are
// needed. A zero item with ok true means bytes were consumed silently.
func (p *replParser) next() (replItem, bool) {
	if p.skipBlock && !p.dropBlock() {
		return replItem{}, false
	}
	if p.skip {
		i := bytes.IndexAny(p.buf, "\r\n")
		if i < 0 {
			p.buf = p.buf[:0]
			return replItem{}, false
		}
		p.buf, p.skip = p.buf[i+1:], false
	}
	p.buf = bytes.TrimLeft(p.buf, "\r\n")
	if len(p.buf) >= 6 && bytes.HasPrefix(p.buf, []byte("<<EOF")) && (p.buf[5] == '\r' || p.buf[5] == '\n') {
		return p.block()
	}
	i := bytes.IndexAny(p.buf, "\r\n")
	if i < 0 {
		if len(p.buf) > maxREPLLine {
			p.buf, p.skip = p.buf[:0], true
			return replItem{kind: itemError, text: "REPL: line too long"}, true
		}
		return replItem{}, false
	}
	line := string(p.buf[:i])
	p.buf = p.buf[i+1:]
	return classify(line), true
}

// block frames a <<EOF block whose header is at the buffer's start.
func (p *replParser) block() (replItem, bool) {
	body := p.buf[6:]
	if p.buf[5] == '\r' && len(body) > 0 && body[0] == '\n' {
		body = body[1:] // "<<EOF\r\n": the header's line end is one break
	}
	if bytes.HasPrefix(body, []byte("EOF\r")) || bytes.HasPrefix(body, []byte("EOF\n")) {
		p.buf = body[4:]
		return replItem{kind: itemBlock, text: ""}, true
	}
	if i := firstEOF(body); i >= 0 {
		text := string(body[:i+1])
		p.buf = body[i+eofTermLen:]
		return replItem{kind: itemBlock, text: text}, true
	}
	if len(p.buf) > maxREPLBlock {
		p.buf = append(p.buf[:0], '\n') // the terminator may be the next line
		p.skipBlock = true
		return replItem{kind: itemError, text: "REPL: block too large"}, true
	}
	return replItem{}, false
}

// dropBlock discards the rest of an overlong block through its EOF line;
// it reports whether the terminator was found. At most a few bytes are
// kept while looking (a terminator split across reads).
func (p *replParser) dropBlock() bool {
	best := firstEOF(p.buf)
	if best < 0 {
		if len(p.buf) > 4 {
			p.buf = append(p.buf[:0], p.buf[len(p.buf)-4:]...)
		}
		return false
	}
	p.buf, p.skipBlock = p.buf[best+eofTermLen:], false
	return true
}

// eofTerms are the forms of a block's terminator line: "EOF" between a line
// end and a line end, CR or LF either side; all are eofTermLen bytes.
var eofTerms = [...][]byte{[]byte("\nEOF\n"), []byte("\nEOF\r"), []byte("\rEOF\r"), []byte("\rEOF\n")}

const eofTermLen = 5

// firstEOF returns the index of the earliest terminator in b, or -1.
func firstEOF(b []byte) int {
	best := -1
	for _, term := range eofTerms {
		if i := bytes.Index(b, term); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

// classify sorts a line: the shell's AT set, loadstr, or Lua.
func classify(line string) replItem {
	switch {
	case strings.HasPrefix(line, "AT"):
		return replItem{kind: itemShell, text: strings.TrimRight(line, " "), raw: line}
	case strings.HasPrefix(line, "loadstr "):
		return replItem{kind: itemLua, text: strings.TrimPrefix(line, "loadstr "), raw: line}
	}
	return replItem{kind: itemLua, text: line, raw: line}
}
