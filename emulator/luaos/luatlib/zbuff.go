package luatlib

import (
	"encoding/binary"
	"math"
	"slices"

	lua "github.com/yuin/gopher-lua"
)

// zbuffTypeName is the metatable name (LUAT_ZBUFF_TYPE) and so the
// tostring prefix: "ZBUFF*: 0x…" (inferred from the LuatOS naming of
// "WS*"; the header was not read).
const zbuffTypeName = "ZBUFF*"

// zbuffMax bounds zbuff.create: bigger requests get nil, "memory not
// enough" as on a device whose heap is exhausted (inferred limit).
const zbuffMax = 16 << 20

// Zbuff is a LuatOS zbuff: a fixed-size byte buffer with one cursor that
// is both the read/write position and the "used" count (the firmware
// keeps them in one field, so seek changes used()).
type Zbuff struct {
	buf    []byte
	cursor int
}

// Bytes returns the used bytes, buf[:cursor], shared with the buffer.
func (z *Zbuff) Bytes() []byte { return z.buf[:z.cursor] }

// ZbuffBytes returns the used bytes of a zbuff userdata (what
// websocket send transmits, §1.6), or false when ud is not a zbuff.
func ZbuffBytes(ud *lua.LUserData) ([]byte, bool) {
	z, ok := ud.Value.(*Zbuff)
	if !ok {
		return nil, false
	}
	return z.Bytes(), true
}

// OpenZbuff opens the zbuff library: zbuff.create, SEEK_SET/CUR/END and
// the HEAP_* constants; buffer methods write, read, clear, seek, toStr,
// len (#buff), used, query, copy, set, del, resize/reSize, get, isEqual,
// readI8…readF64, writeI8…writeF64, pack/unpack (lpack format) and
// buff[i] indexing. Not provided: framebuffer drawing, toBase64, free.
func OpenZbuff(L *lua.LState, _ *Env) {
	mt := L.NewTypeMetatable(zbuffTypeName)
	mt.RawSetString("__name", lua.LString(zbuffTypeName))
	methods := L.NewTable()
	setFuncs(L, methods, zbuffMethods)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int { return zbuffIndex(L, methods) }))
	mt.RawSetString("__newindex", L.NewFunction(zbuffNewindex))
	mt.RawSetString("__len", L.NewFunction(zbLen))
	mod := module(L, "zbuff")
	mod.RawSetString("create", L.NewFunction(zbuffCreate))
	for name, v := range map[string]int{"SEEK_SET": 0, "SEEK_CUR": 1, "SEEK_END": 2,
		"HEAP_AUTO": 0, "HEAP_SRAM": 1, "HEAP_PSRAM": 2} {
		mod.RawSetString(name, lua.LNumber(v))
	}
}

var zbuffMethods = map[string]lua.LGFunction{
	"write": zbWrite, "read": zbRead, "clear": zbClear, "seek": zbSeek,
	"toStr": zbToStr, "len": zbLen, "used": zbUsed, "query": zbQuery,
	"copy": zbCopy, "set": zbSet, "del": zbDel, "resize": zbResize,
	"reSize": zbResize, "get": zbGet, "isEqual": zbIsEqual,
	"pack": zbPack, "unpack": zbUnpack,
	"readI8": zbReader(1, true, false), "readU8": zbReader(1, false, false),
	"readI16": zbReader(2, true, false), "readU16": zbReader(2, false, false),
	"readI32": zbReader(4, true, false), "readU32": zbReader(4, false, false),
	"readI64": zbReader(8, true, false), "readU64": zbReader(8, false, false),
	"readF32": zbReader(4, false, true), "readF64": zbReader(8, false, true),
	"writeI8": zbWriter(1, false), "writeU8": zbWriter(1, false),
	"writeI16": zbWriter(2, false), "writeU16": zbWriter(2, false),
	"writeI32": zbWriter(4, false), "writeU32": zbWriter(4, false),
	"writeI64": zbWriter(8, false), "writeU64": zbWriter(8, false),
	"writeF32": zbWriter(4, true), "writeF64": zbWriter(8, true),
}

// checkZbuff returns argument n as a zbuff or raises the Lua 5.3 error.
func checkZbuff(L *lua.LState, n int) *Zbuff {
	if ud, ok := L.Get(n).(*lua.LUserData); ok {
		if z, ok := ud.Value.(*Zbuff); ok {
			return z
		}
	}
	argError(L, n, "?", zbuffTypeName+" expected, got "+argType(L, n))
	return nil
}

// isInt is lua_isinteger under the package's number rule.
func isInt(v lua.LValue) bool {
	n, ok := v.(lua.LNumber)
	return ok && float64(n) == math.Trunc(float64(n)) && math.Abs(float64(n)) < 1<<53
}

func intArg(L *lua.LState, n int, def int64) int64 {
	return optInteger(L, n, "zbuff", def)
}

// zbuffCreate is zbuff.create(len [, init]): init is a fill byte or a
// string copied in (the cursor then sits after it). len ≤ 0 gives nil.
func zbuffCreate(L *lua.LState) int {
	if _, ok := L.Get(1).(*lua.LTable); ok {
		argError(L, 1, "create", "framebuffer zbuff is not supported by the emulator")
	}
	n := checkInteger(L, 1, "create", math.MinInt64, math.MaxInt64)
	if n <= 0 {
		return 0
	}
	if n > zbuffMax {
		L.Push(lua.LNil)
		L.Push(lua.LString("memory not enough"))
		return 2
	}
	z := &Zbuff{buf: make([]byte, n)}
	switch init := L.Get(2).(type) {
	case lua.LNumber:
		fill := byte(int64(init) % 0x100)
		for i := range z.buf {
			z.buf[i] = fill
		}
	case lua.LString:
		z.cursor = copy(z.buf, init)
	}
	ud := L.NewUserData()
	ud.Value = z
	L.SetMetatable(ud, L.GetTypeMetatable(zbuffTypeName))
	L.Push(ud)
	return 1
}

// zbuffIndex serves methods by name and bytes by integer index.
func zbuffIndex(L *lua.LState, methods *lua.LTable) int {
	z := checkZbuff(L, 1)
	switch k := L.Get(2).(type) {
	case lua.LString:
		L.Push(methods.RawGetString(string(k)))
		return 1
	case lua.LNumber:
		if i := int64(k); float64(i) == float64(k) && i >= 0 && i < int64(len(z.buf)) {
			L.Push(lua.LNumber(z.buf[i]))
			return 1
		}
	}
	return 0
}

// zbuffNewindex is buff[i] = v (out-of-range indexes are ignored).
func zbuffNewindex(L *lua.LState) int {
	z := checkZbuff(L, 1)
	k, ok := L.Get(2).(lua.LNumber)
	if !ok || float64(k) != math.Trunc(float64(k)) {
		return 0
	}
	v := checkInteger(L, 3, "__newindex", math.MinInt64, math.MaxInt64)
	if i := int64(k); i >= 0 && i < int64(len(z.buf)) {
		z.buf[i] = byte(v % 256)
	}
	return 0
}

// zbWrite is buff:write(str) or buff:write(b1, b2, …): writes at the
// cursor, truncating at the end, and returns the count written.
func zbWrite(L *lua.LState) int {
	z := checkZbuff(L, 1)
	if isInt(L.Get(2)) {
		n := 0
		for isInt(L.Get(2+n)) && z.cursor < len(z.buf) {
			z.buf[z.cursor] = byte(int64(L.Get(2+n).(lua.LNumber)) % 0x100)
			z.cursor++
			n++
		}
		L.Push(lua.LNumber(n))
		return 1
	}
	s := checkString(L, 2, "write")
	n := copy(z.buf[z.cursor:], s)
	z.cursor += n
	L.Push(lua.LNumber(n))
	return 1
}

// zbRead is buff:read([n=1]): up to n bytes from the cursor.
func zbRead(L *lua.LState) int {
	z := checkZbuff(L, 1)
	n := min(intArg(L, 2, 1), int64(len(z.buf)-z.cursor))
	if n <= 0 {
		L.Push(lua.LString(""))
		return 1
	}
	L.Push(lua.LString(z.buf[z.cursor : z.cursor+int(n)]))
	z.cursor += int(n)
	return 1
}

func zbClear(L *lua.LState) int {
	z := checkZbuff(L, 1)
	fill := byte(intArg(L, 2, 0) % 0x100)
	for i := range z.buf {
		z.buf[i] = fill
	}
	return 0
}

// zbSeek is buff:seek(offset [, whence]) → new cursor, clamped to
// [0, len]; an unknown whence returns nothing.
func zbSeek(L *lua.LState) int {
	z := checkZbuff(L, 1)
	off := checkInteger(L, 2, "seek", math.MinInt64, math.MaxInt64)
	switch intArg(L, 3, 0) {
	case 0:
	case 1:
		off += int64(z.cursor)
	case 2:
		off += int64(len(z.buf))
	default:
		return 0
	}
	z.cursor = int(min(max(off, 0), int64(len(z.buf))))
	L.Push(lua.LNumber(z.cursor))
	return 1
}

// zbToStr is buff:toStr([offset [, len]]) over the whole buffer.
func zbToStr(L *lua.LState) int {
	z := checkZbuff(L, 1)
	start := min(max(intArg(L, 2, 0), 0), int64(len(z.buf)))
	n := min(max(intArg(L, 3, int64(len(z.buf))), 0), int64(len(z.buf))-start)
	L.Push(lua.LString(z.buf[start : start+n]))
	return 1
}

func zbLen(L *lua.LState) int {
	L.Push(lua.LNumber(len(checkZbuff(L, 1).buf)))
	return 1
}

// zbUsed is buff:used([n]): the cursor, optionally set (clamped to len).
func zbUsed(L *lua.LState) int {
	z := checkZbuff(L, 1)
	if isInt(L.Get(2)) {
		z.cursor = int(min(max(intArg(L, 2, 0), 0), int64(len(z.buf))))
	}
	L.Push(lua.LNumber(z.cursor))
	return 1
}

// zbGet is buff:get(i) (same as buff[i]).
func zbGet(L *lua.LState) int {
	z := checkZbuff(L, 1)
	i := checkInteger(L, 2, "get", math.MinInt64, math.MaxInt64)
	if i < 0 || i >= int64(len(z.buf)) {
		return 0
	}
	L.Push(lua.LNumber(z.buf[i]))
	return 1
}

// zbReader reads a little-endian value at the cursor and advances it;
// nothing is returned when too few bytes remain (source).
func zbReader(size int, signed, float bool) lua.LGFunction {
	return func(L *lua.LState) int {
		z := checkZbuff(L, 1)
		if len(z.buf)-z.cursor < size {
			return 0
		}
		b := z.buf[z.cursor : z.cursor+size]
		z.cursor += size
		L.Push(lua.LNumber(decodeLE(b, signed, float)))
		return 1
	}
}

// reversed returns a reversed copy of b (big-endian bytes in
// little-endian order).
func reversed(b []byte) []byte {
	out := slices.Clone(b)
	slices.Reverse(out)
	return out
}

// decodeLE decodes a 1/2/4/8-byte little-endian value.
func decodeLE(b []byte, signed, float bool) float64 {
	var u uint64
	for i := len(b) - 1; i >= 0; i-- {
		u = u<<8 | uint64(b[i])
	}
	switch {
	case float && len(b) == 4:
		return float64(math.Float32frombits(uint32(u)))
	case float:
		return math.Float64frombits(u)
	case signed:
		shift := 64 - 8*len(b)
		return float64(int64(u<<shift) >> shift)
	}
	return float64(u)
}

// zbWriter writes a little-endian value at the cursor: returns the size
// written, or 0 when it does not fit (source).
func zbWriter(size int, float bool) lua.LGFunction {
	return func(L *lua.LState) int {
		z := checkZbuff(L, 1)
		if len(z.buf)-z.cursor < size {
			L.Push(lua.LNumber(0))
			return 1
		}
		var u uint64
		switch {
		case float && size == 4:
			u = uint64(math.Float32bits(float32(checkNumber(L, 2, "write"))))
		case float:
			u = math.Float64bits(checkNumber(L, 2, "write"))
		default:
			u = uint64(checkInteger(L, 2, "write", math.MinInt64, math.MaxInt64))
		}
		var tmp [8]byte
		binary.LittleEndian.PutUint64(tmp[:], u)
		copy(z.buf[z.cursor:], tmp[:size])
		z.cursor += size
		L.Push(lua.LNumber(size))
		return 1
	}
}
