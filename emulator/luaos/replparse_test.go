package luaos

import (
	"strings"
	"testing"
)

// feedAll feeds chunks and returns the framed items as "kind:text".
func feedAll(chunks ...string) []string {
	var p replParser
	var out []string
	for _, c := range chunks {
		for _, it := range p.feed([]byte(c)) {
			out = append(out, []string{"", "lua", "block", "shell", "error"}[it.kind]+":"+it.text)
		}
	}
	return out
}

// TestREPLFraming follows at-commands.md §7 / §3.9: CR or LF end a line,
// leading CR/LF are skipped, a <<EOF block runs as one chunk, lines with AT
// go to the shell, loadstr runs the rest as Lua, and input split anywhere
// frames the same.
func TestREPLFraming(t *testing.T) {
	cases := []struct {
		chunks []string
		want   []string
	}{
		{[]string{"print(1)\r\n"}, []string{"lua:print(1)"}},
		{[]string{"\r\n\r\nprint(1)\rprint(2)\n"}, []string{"lua:print(1)", "lua:print(2)"}},
		{[]string{"pri", "nt(1)", "\r", "\n"}, []string{"lua:print(1)"}},
		{[]string{"<<EOF\r\na=1\r\nb=2\r\nEOF\r\nprint(a)\r\n"}, []string{"block:a=1\r\nb=2\r\n", "lua:print(a)"}},
		{[]string{"<<EOF\nx='EOF'\n", "EOF", "\n"}, []string{"block:x='EOF'\n"}},
		{[]string{"<<EOF\nEOF\n"}, []string{"block:"}},
		{[]string{"<<EOFx\n"}, []string{"lua:<<EOFx"}},
		{[]string{"AT\rATI\r\nAT+CGSN\r\n"}, []string{"shell:AT", "shell:ATI", "shell:AT+CGSN"}},
		{[]string{"loadstr print(1)\n"}, []string{"lua:print(1)"}},
		{[]string{"at = 1\n"}, []string{"lua:at = 1"}},
	}
	for _, c := range cases {
		got := feedAll(c.chunks...)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.chunks, got, c.want)
		}
	}
}

// TestREPLLimits: an overlong line or block is reported, not buffered
// without bound, and the stream recovers at the next line.
func TestREPLLimits(t *testing.T) {
	got := feedAll(strings.Repeat("x", maxREPLLine+1), strings.Repeat("y", 100), "\nprint(1)\n")
	if strings.Join(got, "|") != "error:REPL: line too long|lua:print(1)" {
		t.Fatalf("got %q", got)
	}
	var p replParser
	p.feed([]byte("<<EOF\n"))
	var items []replItem
	for range 70 {
		items = append(items, p.feed([]byte(strings.Repeat("z", 1024)))...)
	}
	if len(items) != 1 || items[0].text != "REPL: block too large" || len(p.buf) > maxREPLBlock+1024 {
		t.Fatalf("items %+v, buffer %d", items, len(p.buf))
	}
	items = p.feed([]byte("zz\nEO"))
	items = append(items, p.feed([]byte("F\nprint(2)\n"))...)
	if len(items) != 1 || items[0].kind != itemLua || items[0].text != "print(2)" {
		t.Fatalf("after the oversized block: %+v", items)
	}
}

// FuzzREPLParser: any byte stream, split anywhere, frames without panic,
// with bounded buffering, and identically to the unsplit stream.
func FuzzREPLParser(f *testing.F) {
	for _, s := range []string{"print(1)\r\n", "<<EOF\r\nx=1\r\nEOF\r\n", "AT\rATI\n", "\r\n<<EOF", "loadstr x\n"} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		whole := feedAll(string(data))
		k := int(split) % (len(data) + 1)
		parts := feedAll(string(data[:k]), string(data[k:]))
		if strings.Join(whole, "\x00") != strings.Join(parts, "\x00") {
			t.Fatalf("split at %d: %q vs %q", k, parts, whole)
		}
		var p replParser
		p.feed(data)
		if len(p.buf) > maxREPLBlock+len(data) {
			t.Fatalf("buffer %d", len(p.buf))
		}
	})
}
