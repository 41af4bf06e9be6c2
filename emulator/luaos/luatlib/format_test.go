package luatlib_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	lua "github.com/yuin/gopher-lua"
)

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		in   float64
		want string
	}{
		{1, "1"}, {1.0, "1"}, {-7, "-7"}, {0, "0"}, {math.Copysign(0, -1), "0"},
		{2147483647, "2147483647"}, {-2147483648, "-2147483648"},
		{2147483648, "2.147484e+09"}, {1e10, "1e+10"}, {3e9, "3e+09"},
		{3.14, "3.14"}, {0.1, "0.1"}, {1.5, "1.5"}, {-0.5, "-0.5"},
		{1e-5, "1e-05"}, {123456.789, "123456.8"}, {1.0 / 3, "0.3333333"},
		{math.Inf(1), "inf"}, {math.Inf(-1), "-inf"}, {math.NaN(), "nan"},
		{math.Copysign(math.NaN(), -1), "-nan"},
	}
	for _, c := range cases {
		if got := luatlib.FormatNumber(c.in); got != c.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFormatValueKinds(t *testing.T) {
	L := newState(t, nil)
	got := eval(t, L, `return nil, true, false, "s", 1.0, json.null`)
	if got != "nil true false s 1 userdata: 0x00000000" {
		t.Fatalf("got %q", got)
	}
	for _, chunk := range []string{`return {}`, `return print`, `return coroutine.create(print)`, `return zbuff.create(1)`} {
		s := eval(t, L, chunk)
		prefix := map[string]string{`return {}`: "table: 0x", `return print`: "function: 0x",
			`return coroutine.create(print)`: "thread: 0x", `return zbuff.create(1)`: "ZBUFF*: 0x"}[chunk]
		if !strings.HasPrefix(s, prefix) || len(s) != len(prefix)+8 {
			t.Errorf("%s → %q, want %s + 8 hex digits", chunk, s, prefix)
		}
	}
	// identity is kept: the same table prints the same twice, two tables differ.
	if a, b := eval(t, L, `t = {} return t`), eval(t, L, `return t`); a != b {
		t.Errorf("same table printed %q then %q", a, b)
	}
	if a, b := eval(t, L, `return {}`), eval(t, L, `return {}`); a == b {
		t.Errorf("two tables both printed %q", a)
	}
}

func TestTostringMetamethod(t *testing.T) {
	L := newState(t, nil)
	got := eval(t, L, `return tostring(setmetatable({}, {__tostring = function() return "X" end})), tostring(2.0), tostring(0.1)`)
	if got != "X 2 0.1" {
		t.Fatalf("got %q", got)
	}
	msg := evalErr(t, L, `return tostring(setmetatable({}, {__tostring = function() return 1 end}))`)
	if msg != "'__tostring' must return a string" {
		t.Fatalf("got %q", msg)
	}
	if ud := L.NewUserData(); luatlib.FormatValue(ud)[:11] != "userdata: 0" {
		t.Fatalf("plain userdata: %q", luatlib.FormatValue(ud))
	}
}

// TestFormatCDifferential compares the %g/%f emulation with C's printf
// as lua5.3's string.format exposes it.
func TestFormatCDifferential(t *testing.T) {
	vals := []float64{0, 1, -1, 0.5, 3.14, 0.1, 1e-5, 1.5e-7, 123456.789, 1234567.8, 12345678.9,
		1e10, 2147483648, 1e-300, 6.02214076e23, -2.5e-12, 99999995, 0.000123456789}
	var lines, want []string
	for _, v := range vals {
		for _, f := range []struct {
			verb byte
			prec int
		}{{'g', 7}, {'g', 14}, {'f', 7}, {'f', 3}, {'g', 1}} {
			lines = append(lines, fmt.Sprintf(`string.format("%%.%d%c", %v)`, f.prec, f.verb, v))
			want = append(want, luatlib.FormatC(v, f.verb, f.prec))
		}
	}
	got := lua53(t, "return table.concat({"+strings.Join(lines, ",")+"}, '\\n')")
	for i, g := range strings.Split(got, "\n") {
		if g != want[i] {
			t.Errorf("%s: C %q, Go %q", lines[i], g, want[i])
		}
	}
}

// TestTostringDifferential checks integers and non-integral floats
// against lua5.3's tostring where the 32-bit firmware agrees with it
// (integers within int32; floats whose %.14g and %.7g texts coincide).
func TestTostringDifferential(t *testing.T) {
	vals := []string{"1", "-7", "2147483647", "-2147483648", "0.5", "3.25", "-0.125", "1e-05", "0.1", "1.5"}
	L := newState(t, nil)
	var want []string
	for _, v := range vals {
		want = append(want, eval(t, L, "return tostring("+v+")"))
	}
	got := lua53(t, "local o = {} for _, v in ipairs({"+strings.Join(vals, ",")+"}) do o[#o+1] = tostring(v) end return table.concat(o, ' ')")
	if got != strings.Join(want, " ") {
		t.Fatalf("lua5.3 %q, luatlib %q", got, strings.Join(want, " "))
	}
	_ = lua.LNil
}
