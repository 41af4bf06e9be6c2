package luatlib

import (
	lua "github.com/yuin/gopher-lua"
)

// The "extended" zbuff methods work on 0..used (source: luat_lib_zbuff.c).

// zbQuery is buff:query([offset [, len [, bigEndian [, signed [, float]]]]]):
// bytes of 0..used, or a number when bigEndian is a boolean and len is 1,
// 2, 4 or 8. A negative offset counts back from used; an empty range
// gives nil.
func zbQuery(L *lua.LState) int {
	z := checkZbuff(L, 1)
	start := intArg(L, 2, 0)
	if start < 0 {
		if start += int64(z.cursor); start < 0 {
			L.Push(lua.LNil)
			return 1
		}
	}
	start = min(start, int64(z.cursor))
	n := min(max(intArg(L, 3, int64(z.cursor)), 0), int64(z.cursor)-start)
	if n == 0 {
		L.Push(lua.LNil)
		return 1
	}
	b := z.buf[start : start+n]
	big, isBool := L.Get(4).(lua.LBool)
	if !isBool || n > 8 || (n != 1 && n != 2 && n != 4 && n != 8) {
		L.Push(lua.LString(b))
		return 1
	}
	L.Push(lua.LNumber(queryNumber(b, bool(big), L.Get(5) == lua.LTrue, L.Get(6) == lua.LTrue)))
	return 1
}

// queryNumber converts 1/2/4/8 bytes. Floats are read in the device's
// (little-endian) order regardless of bigEndian, as the firmware memcpy's
// them; a 4-byte integer is signed whatever the flag says (source).
func queryNumber(b []byte, big, signed, float bool) float64 {
	le := b
	if big && !float {
		le = reversed(b)
	}
	switch len(b) {
	case 4, 8:
		return decodeLE(le, !float, float)
	}
	return decodeLE(le, signed, false)
}

// zbCopy is buff:copy(start, data…): like memcpy at start (nil = used, a
// negative start counts back from used), growing the buffer as needed,
// and raising used to the end of the copy. data is bytes, a string or
// another zbuff (with optional start and length).
func zbCopy(L *lua.LState) int {
	z := checkZbuff(L, 1)
	at := int64(z.cursor)
	if L.Get(2) != lua.LNil {
		at = intArg(L, 2, at)
	}
	if at < 0 {
		if at += int64(z.cursor); at < 0 {
			L.Push(lua.LNumber(0))
			return 1
		}
	}
	data, ok := copySource(L)
	if !ok || at+int64(len(data)) > zbuffMax {
		L.Push(lua.LNumber(0))
		return 1
	}
	if end := int(at) + len(data); end > len(z.buf) {
		z.buf = append(z.buf, make([]byte, end-len(z.buf))...)
	}
	copy(z.buf[at:], data)
	z.cursor = max(z.cursor, int(at)+len(data))
	L.Push(lua.LNumber(len(data)))
	return 1
}

// copySource collects buff:copy's data arguments.
func copySource(L *lua.LState) ([]byte, bool) {
	switch v := L.Get(3).(type) {
	case lua.LNumber:
		var out []byte
		for i := 3; isInt(L.Get(i)); i++ {
			out = append(out, byte(int64(L.Get(i).(lua.LNumber))%0x100))
		}
		return out, true
	case lua.LString:
		return []byte(v), true
	case *lua.LUserData:
		src := checkZbuff(L, 3)
		start := intArg(L, 4, 0)
		n := intArg(L, 5, int64(src.cursor))
		if start < 0 || n < 0 || start+n > int64(len(src.buf)) {
			return nil, false
		}
		return append([]byte(nil), src.buf[start:start+n]...), true
	}
	return nil, false
}

// zbSet is buff:set([start [, byte [, len]]]): memset, clipped to the
// buffer.
func zbSet(L *lua.LState) int {
	z := checkZbuff(L, 1)
	start := min(max(intArg(L, 2, 0), 0), int64(len(z.buf)))
	fill := byte(intArg(L, 3, 0) & 0xff)
	n := min(max(intArg(L, 4, int64(len(z.buf))), 0), int64(len(z.buf))-start)
	for i := start; i < start+n; i++ {
		z.buf[i] = fill
	}
	return 0
}

// zbDel is buff:del([start [, len]]): removes bytes from 0..used.
func zbDel(L *lua.LState) int {
	z := checkZbuff(L, 1)
	start := intArg(L, 2, 0)
	if start < 0 {
		if start += int64(z.cursor); start < 0 {
			return 0
		}
	}
	if start >= int64(z.cursor) {
		return 0
	}
	n := min(max(intArg(L, 3, int64(z.cursor)), 0), int64(z.cursor)-start)
	if n == 0 {
		return 0
	}
	copy(z.buf[start:], z.buf[start+n:z.cursor])
	z.cursor -= int(n)
	return 0
}

// zbResize is buff:resize(n): realloc, used clamped to the new length.
func zbResize(L *lua.LState) int {
	z := checkZbuff(L, 1)
	if !isInt(L.Get(2)) {
		return 0
	}
	n := intArg(L, 2, 0)
	if n < 0 || n > zbuffMax {
		return 0
	}
	nb := make([]byte, n)
	copy(nb, z.buf)
	z.buf = nb
	z.cursor = min(z.cursor, int(n))
	return 0
}

// zbIsEqual is buff:isEqual(start, buff2, start2, len) → bool, first
// differing index (0 when equal).
func zbIsEqual(L *lua.LState) int {
	a := checkZbuff(L, 1)
	off1 := intArg(L, 2, 0)
	b := checkZbuff(L, 3)
	off2 := intArg(L, 4, 0)
	n := intArg(L, 5, 1)
	if off1 < 0 || off2 < 0 || n < 0 || off1+n > int64(len(a.buf)) || off2+n > int64(len(b.buf)) {
		argError(L, 5, "isEqual", "range out of buffer")
	}
	for i := int64(0); i < n; i++ {
		if a.buf[off1+i] != b.buf[off2+i] {
			L.Push(lua.LFalse)
			L.Push(lua.LNumber(i))
			return 2
		}
	}
	L.Push(lua.LTrue)
	L.Push(lua.LNumber(0))
	return 2
}
