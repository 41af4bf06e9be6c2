package luatlib_test

import "testing"

// 32-bit firmware semantics: results are signed int32 readings.
func TestBit(t *testing.T) {
	cases := []struct{ chunk, want string }{
		{`return bit.band(0xF0, 0x3C), bit.bor(0xF0, 0x0F), bit.bxor(0xFF, 0x0F)`, `48 255 240`},
		{`return bit.band(), bit.bor(), bit.bxor()`, `-1 0 0`},
		{`return bit.bnot(0), bit.bnot(-1)`, `-1 0`},
		{`return bit.lshift(1, 31), bit.lshift(1, 32), bit.lshift(3, -1)`, `-2147483648 0 1`},
		{`return bit.rshift(0x80000000, 31), bit.rshift(-1, 28), bit.rshift(1, 32)`, `1 15 0`},
		{`return bit.arshift(0x80000000, 4), bit.arshift(-16, 2), bit.arshift(16, 2), bit.arshift(-1, 40)`, `-134217728 -4 4 -1`},
		{`return bit.lrotate(0x80000001, 1), bit.rrotate(1, 1)`, `3 -2147483648`},
		{`return bit.extract(0xF0, 4, 4), bit.replace(0, 5, 4, 3)`, `15 80`},
		{`return bit.btest(1, 2), bit.btest(3, 2)`, `false true`},
		{`return bit.bit(0), bit.bit(4), bit.bit(31), bit.bit(32)`, `1 16 -2147483648 0`},
		{`return bit.set(0, 0, 2), bit.clear(0xFF, 0, 7)`, `5 126`},
		{`return bit.isset(5, 2), bit.isset(5, 1), bit.isclear(5, 1), bit.isclear(5, 0)`, `true false true false`},
		{`return bit.band(0xFFFFFFFF, 0x7FFFFFFF)`, `2147483647`},
		{`return bit32 == bit`, `true`},
		{`return bit.band("0x10", " 0X30 "), bit.bor("-0x1", 0)`, `16 -1`},
	}
	L := newState(t, nil)
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
}

func TestBitErrors(t *testing.T) {
	L := newState(t, nil)
	for chunk, want := range map[string]string{
		`bit.band(1.5)`:         "bad argument #1 to 'band' (number has no integer representation)",
		`bit.bor(1, 2^40)`:      "bad argument #2 to 'bor' (number has no integer representation)",
		`bit.bnot("x")`:         "bad argument #1 to 'bnot' (number expected, got string)",
		`bit.lshift(1)`:         "bad argument #2 to 'lshift' (number expected, got no value)",
		`bit.extract(1, -1)`:    "bad argument #2 to 'extract' (field cannot be negative)",
		`bit.extract(1, 0, 0)`:  "bad argument #3 to 'extract' (width must be positive)",
		`bit.extract(1, 30, 4)`: "trying to access non-existent bits",
	} {
		if got := evalErr(t, L, chunk); got != want {
			t.Errorf("%s: %q, want %q", chunk, got, want)
		}
	}
	if got := eval(t, L, `return bit.band("12", 4)`); got != "4" {
		t.Errorf("numeric string: %q", got)
	}
}
