package luatlib

import (
	"encoding/base32"

	lua "github.com/yuin/gopher-lua"
)

// ToBase32 is string.toBase32: RFC 4648 alphabet without padding (source:
// luat_str_base32_encode, Google's implementation).
func ToBase32(s string) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(s))
}

// FromBase32 is string.fromBase32: case-insensitive, skips space, tab,
// CR, LF and '-', reads the look-alikes 0, 1, 8 as O, L, B, stops at a
// NUL; any other byte (including '=' padding) makes the result "".
func FromBase32(s string) string {
	var out []byte
	var buf, bits uint
	for i := 0; i < len(s) && s[i] != 0; i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\r', '\n', '-':
			continue
		case '0':
			c = 'O'
		case '1':
			c = 'L'
		case '8':
			c = 'B'
		}
		var v uint
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			v = uint(c&0x1F) - 1
		case c >= '2' && c <= '7':
			v = uint(c-'2') + 26
		default:
			return ""
		}
		buf, bits = buf<<5|v, bits+5
		if bits >= 8 {
			out = append(out, byte(buf>>(bits-8)))
			bits -= 8
			buf &= 1<<bits - 1
		}
	}
	return string(out)
}

func strToBase32(L *lua.LState) int {
	L.Push(lua.LString(ToBase32(checkString(L, 1, "toBase32"))))
	return 1
}

func strFromBase32(L *lua.LState) int {
	L.Push(lua.LString(FromBase32(checkString(L, 1, "fromBase32"))))
	return 1
}
