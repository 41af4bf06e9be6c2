package luatlib

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// OpenBit opens the bit library, also as bit32 (source: lua/src/lbitlib.c
// in the LuatOS tree: Lua 5.2's bit32 plus bit, set, clear, isset and
// isclear, registered under both names).
//
// The firmware has 32-bit integers, so every result is the signed int32
// reading of the 32-bit pattern: bit.bnot(0) is -1, bit.lshift(1, 31) is
// -2147483648. Arguments must be integral; the emulator accepts
// [-2^31, 2^32) so that a literal such as 0xFFFFFFFF (which wraps to -1 on
// the device) works, anything else raises "number has no integer
// representation".
func OpenBit(L *lua.LState, _ *Env) {
	mod := L.NewTable()
	setFuncs(L, mod, map[string]lua.LGFunction{
		"band": bitAnd, "bor": bitOr, "bxor": bitXor, "bnot": bitNot,
		"btest": bitTest, "lshift": bitLshift, "rshift": bitRshift,
		"arshift": bitArshift, "lrotate": bitLrotate, "rrotate": bitRrotate,
		"extract": bitExtract, "replace": bitReplace,
		"bit": bitBit, "set": bitSet, "clear": bitClear,
		"isset": bitIsset, "isclear": bitIsclear,
	})
	L.SetGlobal("bit", mod)
	L.SetGlobal("bit32", mod)
}

// u32 reads argument n as a 32-bit pattern.
func u32(L *lua.LState, n int, fname string) uint32 {
	return uint32(checkInteger(L, n, fname, math.MinInt32, math.MaxUint32))
}

// pushI32 pushes the signed reading of r.
func pushI32(L *lua.LState, r uint32) int {
	L.Push(lua.LNumber(int32(r)))
	return 1
}

// fold combines all arguments with op, starting from init.
func fold(L *lua.LState, fname string, init uint32, op func(a, b uint32) uint32) uint32 {
	r := init
	for i := 1; i <= L.GetTop(); i++ {
		r = op(r, u32(L, i, fname))
	}
	return r
}

func bitAnd(L *lua.LState) int {
	return pushI32(L, fold(L, "band", math.MaxUint32, func(a, b uint32) uint32 { return a & b }))
}

func bitOr(L *lua.LState) int {
	return pushI32(L, fold(L, "bor", 0, func(a, b uint32) uint32 { return a | b }))
}

func bitXor(L *lua.LState) int {
	return pushI32(L, fold(L, "bxor", 0, func(a, b uint32) uint32 { return a ^ b }))
}

func bitTest(L *lua.LState) int {
	L.Push(lua.LBool(fold(L, "btest", math.MaxUint32, func(a, b uint32) uint32 { return a & b }) != 0))
	return 1
}

func bitNot(L *lua.LState) int { return pushI32(L, ^u32(L, 1, "bnot")) }

// shift is bit32's logical shift: positive i shifts left, ≥ 32 gives 0.
func shift(r uint32, i int64) uint32 {
	switch {
	case i <= -32 || i >= 32:
		return 0
	case i < 0:
		return r >> uint(-i)
	}
	return r << uint(i)
}

func shiftCount(L *lua.LState, fname string) int64 {
	return checkInteger(L, 2, fname, math.MinInt32, math.MaxInt32)
}

func bitLshift(L *lua.LState) int {
	return pushI32(L, shift(u32(L, 1, "lshift"), shiftCount(L, "lshift")))
}

func bitRshift(L *lua.LState) int {
	return pushI32(L, shift(u32(L, 1, "rshift"), -shiftCount(L, "rshift")))
}

// bitArshift shifts right copying the sign bit (a negative count shifts
// left, as bit32 does).
func bitArshift(L *lua.LState) int {
	r, i := u32(L, 1, "arshift"), shiftCount(L, "arshift")
	if i < 0 || r&0x80000000 == 0 {
		return pushI32(L, shift(r, -i))
	}
	if i >= 32 {
		return pushI32(L, math.MaxUint32)
	}
	return pushI32(L, uint32(int32(r)>>uint(i)))
}

func rotate(r uint32, d int64) uint32 {
	i := uint(d & 31)
	return r<<i | r>>((32-i)&31)
}

func bitLrotate(L *lua.LState) int {
	return pushI32(L, rotate(u32(L, 1, "lrotate"), shiftCount(L, "lrotate")))
}

func bitRrotate(L *lua.LState) int {
	return pushI32(L, rotate(u32(L, 1, "rrotate"), -shiftCount(L, "rrotate")))
}

// fieldArgs reads bit32's field and width arguments.
func fieldArgs(L *lua.LState, farg int, fname string) (f, w uint) {
	fi := checkInteger(L, farg, fname, math.MinInt32, math.MaxInt32)
	wi := int64(1)
	if L.Get(farg+1) != lua.LNil {
		wi = checkInteger(L, farg+1, fname, math.MinInt32, math.MaxInt32)
	}
	if fi < 0 {
		argError(L, farg, fname, "field cannot be negative")
	}
	if wi <= 0 {
		argError(L, farg+1, fname, "width must be positive")
	}
	if fi+wi > 32 {
		L.RaiseError("trying to access non-existent bits")
	}
	return uint(fi), uint(wi)
}

func mask(w uint) uint32 { return uint32(uint64(1)<<w - 1) }

func bitExtract(L *lua.LState) int {
	r := u32(L, 1, "extract")
	f, w := fieldArgs(L, 2, "extract")
	return pushI32(L, r>>f&mask(w))
}

func bitReplace(L *lua.LState) int {
	r, v := u32(L, 1, "replace"), u32(L, 2, "replace")
	f, w := fieldArgs(L, 3, "replace")
	m := mask(w)
	return pushI32(L, r&^(m<<f)|(v&m)<<f)
}

// pos1 is the firmware's "1 << pos" on a 32-bit int: inferred, positions
// outside 0..31 give 0 (C leaves them undefined).
func pos1(p int64) uint32 {
	if p < 0 || p > 31 {
		return 0
	}
	return 1 << uint(p)
}

// truncU32 is the C cast (lua_Unsigned)number of the LuatOS extras.
func truncU32(f float64) uint32 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return uint32(int64(math.Trunc(math.Mod(f, 1<<32))))
}

// bitBit is bit.bit(n) = 1 << n.
func bitBit(L *lua.LState) int {
	return pushI32(L, pos1(int64(checkNumber(L, 1, "bit"))))
}

func positions(L *lua.LState, fname string, val uint32, apply func(v, m uint32) uint32) uint32 {
	for i := 2; i <= L.GetTop(); i++ {
		val = apply(val, pos1(checkInteger(L, i, fname, math.MinInt32, math.MaxInt32)))
	}
	return val
}

// bitSet is bit.set(value, pos1, pos2, …).
func bitSet(L *lua.LState) int {
	v := truncU32(checkNumber(L, 1, "set"))
	return pushI32(L, positions(L, "set", v, func(v, m uint32) uint32 { return v | m }))
}

// bitClear is bit.clear(value, pos1, pos2, …).
func bitClear(L *lua.LState) int {
	v := truncU32(checkNumber(L, 1, "clear"))
	return pushI32(L, positions(L, "clear", v, func(v, m uint32) uint32 { return v &^ m }))
}

func bitIsset(L *lua.LState) int {
	v := truncU32(checkNumber(L, 1, "isset"))
	L.Push(lua.LBool(v&pos1(checkInteger(L, 2, "isset", math.MinInt32, math.MaxInt32)) != 0))
	return 1
}

func bitIsclear(L *lua.LState) int {
	v := truncU32(checkNumber(L, 1, "isclear"))
	L.Push(lua.LBool(v&pos1(checkInteger(L, 2, "isclear", math.MinInt32, math.MaxInt32)) == 0))
	return 1
}
