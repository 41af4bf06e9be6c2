package luatlib

import (
	"encoding/binary"
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// string.pack / string.unpack / string.packsize: Lua 5.3's format
// language (Lua 5.3 manual §6.4.2) with the sizes of the 32-bit firmware
// (LUA_32BITS, §3.1): lua_Integer, long, size_t and lua_Number are 4 bytes
// ("j", "l", "T", "n" and the "s" length prefix), int 4, short 2, and the
// native alignment ("!" without a size) is 8. Integers are 32-bit:
// unpacking "I4" of FF FF FF FF gives -1 as on the device, and an integer
// wider than 4 bytes must fit in 32 bits ("8-byte integer does not fit into
// Lua Integer"). Floats: "f" is float32, "d" float64, "n" float32.
const (
	szInt      = 4  // sizeof(lua_Integer) on the device
	szSizeT    = 4  // sizeof(size_t)
	nativeAlgn = 8  // offsetof(struct{char; union{double,…}}, u)
	maxIntSize = 16 // MAXINTSIZE
	maxResults = 1000
	maxPackLen = 1 << 28 // inferred bound: larger results are refused
)

type packKind int

const (
	kInt packKind = iota
	kUint
	kFloat
	kDouble
	kNumber
	kChar
	kString
	kZstr
	kPadding
	kPaddAlign
	kNop
)

// packHeader is the parser state (Lua 5.3's Header).
type packHeader struct {
	little   bool
	maxAlign int
}

// packFmt walks a format string.
type packFmt struct {
	L     *lua.LState
	fname string
	fmt   string
	i     int
	h     packHeader
}

func newPackFmt(L *lua.LState, fname, f string) *packFmt {
	return &packFmt{L: L, fname: fname, fmt: f, h: packHeader{little: true, maxAlign: 1}}
}

func (p *packFmt) done() bool { return p.i >= len(p.fmt) }

// num reads an optional decimal size, or returns def.
func (p *packFmt) num(def int) int {
	if p.done() || !isDigit(p.fmt[p.i]) {
		return def
	}
	a := 0
	for !p.done() && isDigit(p.fmt[p.i]) && a <= (math.MaxInt32-9)/10 {
		a = a*10 + int(p.fmt[p.i]-'0')
		p.i++
	}
	return a
}

// numLimit reads a size in [1, 16].
func (p *packFmt) numLimit(def int) int {
	sz := p.num(def)
	if sz > maxIntSize || sz <= 0 {
		p.L.RaiseError("integral size (%d) out of limits [1,%d]", sz, maxIntSize)
	}
	return sz
}

// option reads one option and its size (Lua 5.3's getoption).
func (p *packFmt) option() (packKind, int) {
	opt := p.fmt[p.i]
	p.i++
	switch opt {
	case 'b':
		return kInt, 1
	case 'B':
		return kUint, 1
	case 'h':
		return kInt, 2
	case 'H':
		return kUint, 2
	case 'i':
		return kInt, p.numLimit(4)
	case 'I':
		return kUint, p.numLimit(4)
	case 'l', 'j':
		return kInt, szInt
	case 'L', 'J', 'T':
		return kUint, szInt
	case 'f':
		return kFloat, 4
	case 'd':
		return kDouble, 8
	case 'n':
		return kNumber, 4
	case 's':
		return kString, p.numLimit(szSizeT)
	case 'c':
		sz := p.num(-1)
		if sz == -1 {
			p.L.RaiseError("missing size for format option 'c'")
		}
		return kChar, sz
	case 'z':
		return kZstr, 0
	case 'x':
		return kPadding, 1
	case 'X':
		return kPaddAlign, 0
	case ' ':
	case '<', '=':
		p.h.little = true
	case '>':
		p.h.little = false
	case '!':
		p.h.maxAlign = p.numLimit(nativeAlgn)
	default:
		p.L.RaiseError("invalid format option '%c'", opt)
	}
	return kNop, 0
}

// details reads the next option and the padding needed before it at
// offset total (Lua 5.3's getdetails).
func (p *packFmt) details(total int) (kind packKind, size, pad int) {
	kind, size = p.option()
	align := size
	if kind == kPaddAlign {
		var k packKind
		if !p.done() {
			k, align = p.option()
		}
		if k == kChar || align == 0 {
			argError(p.L, 1, p.fname, "invalid next option for option 'X'")
		}
	}
	if align <= 1 || kind == kChar {
		return kind, size, 0
	}
	if align > p.h.maxAlign {
		align = p.h.maxAlign
	}
	if align&(align-1) != 0 {
		argError(p.L, 1, p.fname, "format asks for alignment not power of 2")
	}
	return kind, size, (align - total&(align-1)) & (align - 1)
}

// putInt appends v as a size-byte integer, sign-extending past 8 bytes.
func putInt(b []byte, v int64, little bool, size int) []byte {
	out := make([]byte, size)
	for i := 0; i < size; i++ {
		var c byte
		if i < 8 {
			c = byte(uint64(v) >> (8 * i))
		} else if v < 0 {
			c = 0xFF
		}
		if little {
			out[i] = c
		} else {
			out[size-1-i] = c
		}
	}
	return append(b, out...)
}

// checkPackInt reads an integer argument and applies Lua 5.3's overflow
// checks for sizes below the 4-byte lua_Integer; size 4 accepts
// [-2^31, 2^32) (a literal such as 0xFFFFFFFF wraps on the device).
func checkPackInt(L *lua.LState, arg int, kind packKind, size int) int64 {
	v := checkInteger(L, arg, "pack", -(1 << 63), 1<<63-1)
	switch {
	case size < szInt && kind == kInt:
		lim := int64(1) << (size*8 - 1)
		if v < -lim || v >= lim {
			argError(L, arg, "pack", "integer overflow")
		}
	case size < szInt:
		if uint32(v) >= uint32(1)<<(size*8) || v < math.MinInt32 || v > math.MaxUint32 {
			argError(L, arg, "pack", "unsigned overflow")
		}
	default:
		if v < math.MinInt32 || v > math.MaxUint32 {
			argError(L, arg, "pack", "number has no integer representation")
		}
		v = int64(int32(uint32(v)))
	}
	return v
}

// strPack is string.pack(fmt, v1, v2, …).
func strPack(L *lua.LState) int {
	p := newPackFmt(L, "pack", checkString(L, 1, "pack"))
	// Lua 5.3 pushes a nil after the arguments (a separator for its
	// buffer), so a missing value reports "got nil", not "no value".
	L.Push(lua.LNil)
	var b []byte
	arg := 1
	for !p.done() {
		kind, size, pad := p.details(len(b))
		b = append(b, make([]byte, pad)...)
		if kind != kNop && kind != kPaddAlign && kind != kPadding {
			arg++
		}
		b = packOne(L, b, p, kind, size, arg)
		if len(b) > maxPackLen {
			L.RaiseError("resulting string too large")
		}
	}
	L.Push(lua.LString(b))
	return 1
}

// packOne appends one item.
func packOne(L *lua.LState, b []byte, p *packFmt, kind packKind, size, arg int) []byte {
	little := p.h.little
	switch kind {
	case kInt, kUint:
		return putInt(b, checkPackInt(L, arg, kind, size), little, size)
	case kFloat, kNumber:
		return putInt(b, int64(math.Float32bits(float32(checkNumber(L, arg, "pack")))), little, 4)
	case kDouble:
		return putInt(b, int64(math.Float64bits(checkNumber(L, arg, "pack"))), little, 8)
	case kChar:
		s := checkString(L, arg, "pack")
		if size > maxPackLen {
			L.RaiseError("resulting string too large")
		}
		if len(s) > size {
			argError(L, arg, "pack", "string longer than given size")
		}
		return append(append(b, s...), make([]byte, size-len(s))...)
	case kString:
		s := checkString(L, arg, "pack")
		if size < szSizeT && uint64(len(s)) >= uint64(1)<<(size*8) {
			argError(L, arg, "pack", "string length does not fit in given size")
		}
		return append(putInt(b, int64(len(s)), little, size), s...)
	case kZstr:
		s := checkString(L, arg, "pack")
		if strings.IndexByte(s, 0) >= 0 {
			argError(L, arg, "pack", "string contains zeros")
		}
		return append(append(b, s...), 0)
	case kPadding:
		return append(b, 0)
	}
	return b
}

// strPacksize is string.packsize(fmt).
func strPacksize(L *lua.LState) int {
	p := newPackFmt(L, "packsize", checkString(L, 1, "packsize"))
	total := 0
	for !p.done() {
		kind, size, pad := p.details(total)
		if kind == kString || kind == kZstr {
			argError(L, 1, "packsize", "variable-length format")
		}
		size += pad
		if total > math.MaxInt32-size {
			argError(L, 1, "packsize", "format result too large")
		}
		total += size
	}
	L.Push(lua.LNumber(total))
	return 1
}

// getInt reads a size-byte integer as the 32-bit firmware does.
func getInt(L *lua.LState, s string, little bool, size int, signed bool) int64 {
	at := func(i int) byte {
		if little {
			return s[i]
		}
		return s[size-1-i]
	}
	var r uint32
	for i := min(size, szInt) - 1; i >= 0; i-- {
		r = r<<8 | uint32(at(i))
	}
	if size < szInt {
		if signed {
			m := uint32(1) << (size*8 - 1)
			r = (r ^ m) - m
		}
		return int64(int32(r))
	}
	var fill byte
	if signed && int32(r) < 0 {
		fill = 0xFF
	}
	for i := szInt; i < size; i++ {
		if at(i) != fill {
			L.RaiseError("%d-byte integer does not fit into Lua Integer", size)
		}
	}
	return int64(int32(r))
}

// unpackPos is Lua 5.3's posrelat for string.unpack's third argument,
// returning a 0-based offset.
func unpackPos(L *lua.LState, ld int) int {
	pos := optInteger(L, 3, "unpack", 1)
	switch {
	case pos < 0 && -pos > int64(ld):
		pos = 0
	case pos < 0:
		pos = int64(ld) + pos + 1
	}
	if pos-1 < 0 || pos-1 > int64(ld) {
		argError(L, 3, "unpack", "initial position out of string")
	}
	return int(pos - 1)
}

// strUnpack is string.unpack(fmt, s [, pos]) → values…, next position.
func strUnpack(L *lua.LState) int {
	p := newPackFmt(L, "unpack", checkString(L, 1, "unpack"))
	data := checkString(L, 2, "unpack")
	pos := unpackPos(L, len(data))
	var out []lua.LValue
	for !p.done() {
		kind, size, pad := p.details(pos)
		if pad+size > len(data)-pos {
			argError(L, 2, "unpack", "data string too short")
		}
		pos += pad
		var v lua.LValue
		v, pos = unpackOne(L, p, kind, size, data, pos)
		if v != nil {
			if out = append(out, v); len(out) > maxResults {
				L.RaiseError("too many results")
			}
		}
	}
	for _, v := range out {
		L.Push(v)
	}
	L.Push(lua.LNumber(pos + 1))
	return len(out) + 1
}

// unpackOne reads one item at pos; v is nil for options without a value.
func unpackOne(L *lua.LState, p *packFmt, kind packKind, size int, data string, pos int) (lua.LValue, int) {
	little := p.h.little
	order := binary.ByteOrder(binary.BigEndian)
	if little {
		order = binary.LittleEndian
	}
	switch kind {
	case kInt, kUint:
		return lua.LNumber(getInt(L, data[pos:pos+size], little, size, kind == kInt)), pos + size
	case kFloat, kNumber:
		return lua.LNumber(math.Float32frombits(order.Uint32([]byte(data[pos : pos+4])))), pos + 4
	case kDouble:
		return lua.LNumber(math.Float64frombits(order.Uint64([]byte(data[pos : pos+8])))), pos + 8
	case kChar:
		return lua.LString(data[pos : pos+size]), pos + size
	case kString:
		n := uint64(uint32(getInt(L, data[pos:pos+size], little, size, false)))
		if n > uint64(len(data)-pos-size) {
			argError(L, 2, "unpack", "data string too short")
		}
		start := pos + size
		return lua.LString(data[start : start+int(n)]), start + int(n)
	case kZstr:
		end := pos
		for end < len(data) && data[end] != 0 {
			end++
		}
		// Lua 5.3.6 (the device's) reads up to the C string's terminator
		// and has no "unfinished string" check: a missing zero ends the
		// string at the end of data (checked against Debian's lua5.3).
		return lua.LString(data[pos:end]), end + 1
	case kPadding:
		return nil, pos + size
	}
	return nil, pos + size
}
