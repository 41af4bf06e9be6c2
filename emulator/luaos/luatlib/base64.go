package luatlib

import (
	"encoding/base64"

	lua "github.com/yuin/gopher-lua"
)

// b64dec maps a base64 byte to its value; 64 is '=', 127 invalid.
var b64dec = func() [256]byte {
	var t [256]byte
	for i := range t {
		t[i] = 127
	}
	const enc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(enc); i++ {
		t[enc[i]] = byte(i)
	}
	t['='] = 64
	return t
}()

// FromBase64 decodes as the firmware's (mbedTLS-derived) decoder does:
// CR/LF are skipped, spaces are allowed only before a line end or at the
// end, at most two '=' and nothing but '=' after the first; a final
// incomplete group of fewer than 4 symbols is dropped. ok is false for
// invalid input, where string.fromBase64 returns "".
func FromBase64(s string) (out string, ok bool) {
	n, pad := 0, 0
	for i := 0; i < len(s); i++ {
		spaces := 0
		for i < len(s) && s[i] == ' ' {
			i++
			spaces++
		}
		if i == len(s) {
			break
		}
		if s[i] == '\n' || (s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n') {
			continue
		}
		c := b64dec[s[i]]
		switch {
		case spaces != 0, c == 127:
			return "", false
		case c == 64:
			if pad++; pad > 2 {
				return "", false
			}
		case pad != 0:
			return "", false
		}
		n++
	}
	if n == 0 {
		return "", true
	}
	return decodeQuads(s), true
}

// decodeQuads is the second pass: whole 4-symbol groups only.
func decodeQuads(s string) string {
	dst := make([]byte, 0, len(s)*3/4)
	j, n, x := 3, 0, uint32(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' || c == '\n' || c == ' ' {
			continue
		}
		if b64dec[c] == 64 {
			j--
		}
		x = x<<6 | uint32(b64dec[c]&0x3F)
		if n++; n == 4 {
			n = 0
			if j > 0 {
				dst = append(dst, byte(x>>16))
			}
			if j > 1 {
				dst = append(dst, byte(x>>8))
			}
			if j > 2 {
				dst = append(dst, byte(x))
			}
		}
	}
	return string(dst)
}

func strToBase64(L *lua.LState) int {
	L.Push(lua.LString(base64.StdEncoding.EncodeToString([]byte(checkString(L, 1, "toBase64")))))
	return 1
}

func strFromBase64(L *lua.LState) int {
	out, _ := FromBase64(checkString(L, 1, "fromBase64"))
	L.Push(lua.LString(out))
	return 1
}
