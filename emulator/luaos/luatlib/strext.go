package luatlib

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// OpenString adds LuatOS's string extras (source: lua/src/lstrlib_exts.c;
// §3.8) and Lua 5.3's string.pack, string.unpack and string.packsize to
// the string table, so they work as methods too (s:toHex()).
func OpenString(L *lua.LState, _ *Env) {
	mod := module(L, "string")
	setFuncs(L, mod, map[string]lua.LGFunction{
		"toHex": strToHex, "fromHex": strFromHex, "split": strSplit,
		"startsWith": strStartsWith, "endsWith": strEndsWith, "trim": strTrim,
		"toBase64": strToBase64, "fromBase64": strFromBase64,
		"toBase32": strToBase32, "fromBase32": strFromBase32,
		"urlEncode": strURLEncode, "toValue": strToValue,
		"pack": strPack, "unpack": strUnpack, "packsize": strPacksize,
	})
}

const upperHex = "0123456789ABCDEF"

// ToHex is string.toHex: two upper-case hex digits per byte, each followed
// by sep (so a non-empty sep also trails the last byte).
func ToHex(s, sep string) string {
	var b strings.Builder
	b.Grow(len(s) * (2 + len(sep)))
	for i := 0; i < len(s); i++ {
		b.WriteByte(upperHex[s[i]>>4])
		b.WriteByte(upperHex[s[i]&15])
		b.WriteString(sep)
	}
	return b.String()
}

// strToHex is s:toHex([sep]) → (hex, #s*2): two results (§3.8).
func strToHex(L *lua.LState) int {
	s := checkString(L, 1, "toHex")
	L.Push(lua.LString(ToHex(s, optString(L, 2, "toHex", ""))))
	L.Push(lua.LNumber(len(s) * 2))
	return 2
}

// hexVal returns a hex digit's value, or -1.
func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// FromHex is string.fromHex: two consecutive hex digits make a byte; any
// other character is skipped and drops a pending half byte (source:
// luat_str_fromhex_ex).
func FromHex(s string) string {
	out := make([]byte, 0, len(s)/2)
	hi := -1
	for i := 0; i < len(s); i++ {
		v := hexVal(s[i])
		switch {
		case v < 0:
			hi = -1
		case hi < 0:
			hi = v
		default:
			out = append(out, byte(hi<<4|v))
			hi = -1
		}
	}
	return string(out)
}

func strFromHex(L *lua.LState) int {
	L.Push(lua.LString(FromHex(checkString(L, 1, "fromHex"))))
	return 1
}

// Split is string.split(s, delim, keepEmpty) (source: l_str_split): delim
// defaults to ","; empty pieces are dropped unless keepEmpty, in which
// case a trailing delimiter also yields a final "". An empty s gives no
// pieces.
func Split(s, delim string, keepEmpty bool) []string {
	if s == "" {
		return nil
	}
	if delim == "" {
		delim = ","
	}
	var out []string
	prev := -1
	for i := 0; i < len(s); i++ {
		if strings.HasPrefix(s[i:], delim) {
			if prev+1 != i || keepEmpty {
				out = append(out, s[prev+1:i])
			}
			i += len(delim) - 1
			prev = i
			if i == len(s)-1 && keepEmpty {
				out = append(out, "")
				break
			}
		} else if i == len(s)-1 {
			out = append(out, s[prev+1:])
		}
	}
	return out
}

func strSplit(L *lua.LState) int {
	s := checkString(L, 1, "split")
	delim := optString(L, 2, "split", ",")
	keep := L.Get(3) == lua.LTrue
	t := L.NewTable()
	for _, p := range Split(s, delim, keep) {
		t.Append(lua.LString(p))
	}
	L.Push(t)
	return 1
}

func strStartsWith(L *lua.LState) int {
	L.Push(lua.LBool(strings.HasPrefix(checkString(L, 1, "startsWith"), checkString(L, 2, "startsWith"))))
	return 1
}

func strEndsWith(L *lua.LState) int {
	L.Push(lua.LBool(strings.HasSuffix(checkString(L, 1, "endsWith"), checkString(L, 2, "endsWith"))))
	return 1
}

// Trim is string.trim: removes space, tab, CR and LF from the left and/or
// right end.
func Trim(s string, left, right bool) string {
	const ws = " \t\r\n"
	if left {
		s = strings.TrimLeft(s, ws)
	}
	if right {
		s = strings.TrimRight(s, ws)
	}
	return s
}

// strTrim is s:trim([ltrim [, rtrim]]); non-boolean flags mean true.
func strTrim(L *lua.LState) int {
	s := checkString(L, 1, "trim")
	flag := func(n int) bool {
		b, ok := L.Get(n).(lua.LBool)
		return !ok || bool(b)
	}
	L.Push(lua.LString(Trim(s, flag(2), flag(3))))
	return 1
}

// URLEncode is string.urlEncode(s [, mode [, space, keep]]): letters and
// digits are kept, bytes in keep are kept, space becomes "+" when space is
// 0, everything else "%XX" (upper-case). mode 0 (default): keep ".-*_",
// space "+"; mode 1 (RFC 3986): keep ".-_", space "%20"; mode -1: the
// caller's space and keep.
func URLEncode(s string, mode int, space int, keep string) string {
	switch mode {
	case 1:
		space, keep = 1, ".-_"
	case -1:
	default:
		space, keep = 0, ".-*_"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
		case strings.IndexByte(keep, c) >= 0:
			b.WriteByte(c)
		case c == ' ' && space == 0:
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
	}
	return b.String()
}

func strURLEncode(L *lua.LState) int {
	s := checkString(L, 1, "urlEncode")
	mode, space, keep := 0, 0, ""
	if L.GetTop() >= 2 {
		mode = int(checkInteger(L, 2, "urlEncode", -1<<31, 1<<31-1))
	}
	if mode == -1 {
		space = int(checkInteger(L, 3, "urlEncode", -1<<31, 1<<31-1))
		keep = checkString(L, 4, "urlEncode")
	}
	L.Push(lua.LString(URLEncode(s, mode, space, keep)))
	return 1
}

// strToValue is string.toValue(s): each character's low nibble after the
// firmware's letter shift (source: l_str_toValue), plus the length.
func strToValue(L *lua.LState) int {
	s := checkString(L, 1, "toValue")
	out := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := int8(s[i]) // C char is signed on the device's compiler (inferred)
		if c > '9' {
			c += 9
		}
		out[i] = byte(c) & 0x0f
	}
	L.Push(lua.LString(out))
	L.Push(lua.LNumber(len(s)))
	return 2
}
