package luatlib

import (
	"encoding/binary"
	"fmt"
	"math"

	lua "github.com/yuin/gopher-lua"
)

// buff:pack / buff:unpack use lpack's format, not Lua 5.3's (source:
// luat_lib_zbuff.c): A string, f float, d double, n lua_Number (float32
// on the device), c int8, b uint8, h int16, H uint16, i int32, I uint32,
// l int64, L uint64, < > = byte order (default little-endian, the
// device's native order), a decimal count after an option repeats it
// ("A10" is a 10-byte string on unpack), space and comma are ignored.

// lpackSize is the byte size of a numeric lpack option, 0 otherwise.
func lpackSize(c byte) int {
	switch c {
	case 'c', 'b':
		return 1
	case 'h', 'H':
		return 2
	case 'i', 'I', 'f', 'n':
		return 4
	case 'd', 'l', 'L':
		return 8
	}
	return 0
}

// lpackOp is one option with its repeat count.
type lpackOp struct {
	c       byte
	n       int
	counted bool // a count was written (A0 → "")
}

// parseLpack splits an lpack format.
func parseLpack(f string) []lpackOp {
	var ops []lpackOp
	for i := 0; i < len(f); {
		op := lpackOp{c: f[i], n: 1}
		i++
		if i < len(f) && isDigit(f[i]) {
			op.n, op.counted = 0, true
			for i < len(f) && isDigit(f[i]) && op.n < 1<<24 {
				op.n = op.n*10 + int(f[i]-'0')
				i++
			}
		}
		ops = append(ops, op)
	}
	return ops
}

func badCode(L *lua.LState, c byte) {
	argError(L, 1, "pack", fmt.Sprintf("bad code `%c'", c))
}

// zbPack is buff:pack(format, v…) → bytes written at the cursor (writing
// stops at the end of the buffer).
func zbPack(L *lua.LState) int {
	z := checkZbuff(L, 1)
	arg, written, big := 3, 0, false
	for _, op := range parseLpack(checkString(L, 2, "pack")) {
		for k := 0; k < op.n && z.cursor < len(z.buf); k++ {
			switch {
			case op.c == '<' || op.c == '=' || op.c == '>':
				big, k = op.c == '>', op.n
			case op.c == ' ' || op.c == ',':
			case op.c == 'A':
				n := copy(z.buf[z.cursor:], checkString(L, arg, "pack"))
				z.cursor, written, arg = z.cursor+n, written+n, arg+1
			case lpackSize(op.c) > 0:
				n := copy(z.buf[z.cursor:], lpackBytes(L, op.c, arg, big))
				z.cursor, written, arg = z.cursor+n, written+n, arg+1
			default:
				badCode(L, op.c)
			}
		}
	}
	L.Push(lua.LNumber(written))
	return 1
}

// lpackBytes encodes one numeric argument.
func lpackBytes(L *lua.LState, c byte, arg int, big bool) []byte {
	size := lpackSize(c)
	var u uint64
	switch c {
	case 'f', 'n':
		u = uint64(math.Float32bits(float32(checkNumber(L, arg, "pack"))))
	case 'd':
		u = math.Float64bits(checkNumber(L, arg, "pack"))
	default:
		u = uint64(checkInteger(L, arg, "pack", math.MinInt64, math.MaxInt64))
	}
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, u)
	b = b[:size]
	if big {
		for i, j := 0, size-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
	}
	return b
}

// zbUnpack is buff:unpack(format) → bytes consumed, values…: reads from
// the cursor up to the buffer's length and stops quietly at the first
// item that does not fit; the cursor advances by the bytes consumed.
// Integers come back as the device's 32-bit integers.
func zbUnpack(L *lua.LState) int {
	z := checkZbuff(L, 1)
	data := z.buf[z.cursor:]
	i, big := 0, false
	var out []lua.LValue
	add := func(v lua.LValue) {
		if out = append(out, v); len(out) > maxResults {
			L.RaiseError("too many results to unpack")
		}
	}
outer:
	for _, op := range parseLpack(checkString(L, 2, "unpack")) {
		switch {
		case op.c == '<' || op.c == '=' || op.c == '>':
			big = op.c == '>'
		case op.c == ' ' || op.c == ',':
		case op.c == 'A':
			if op.counted && op.n == 0 {
				add(lua.LString(""))
				continue
			}
			if i+op.n > len(data) {
				break outer
			}
			add(lua.LString(data[i : i+op.n]))
			i += op.n
		case lpackSize(op.c) > 0:
			for k := 0; k < op.n; k++ {
				size := lpackSize(op.c)
				if i+size > len(data) {
					break outer
				}
				add(lua.LNumber(lpackValue(op.c, data[i:i+size], big)))
				i += size
			}
		default:
			badCode(L, op.c)
		}
	}
	z.cursor += i
	L.Push(lua.LNumber(i))
	for _, v := range out {
		L.Push(v)
	}
	return len(out) + 1
}

// lpackValue decodes one numeric item; integers wrap to int32 as
// lua_Integer does on the device.
func lpackValue(c byte, b []byte, big bool) float64 {
	le := b
	if big {
		le = reversed(b)
	}
	switch c {
	case 'f', 'n', 'd':
		return decodeLE(le, false, true)
	case 'c', 'h':
		return decodeLE(le, true, false)
	case 'b', 'H':
		return decodeLE(le, false, false)
	}
	return float64(int32(uint32(decodeLE(le[:4], false, false))))
}
