package luatlib

import (
	"fmt"
	"math"
	"reflect"
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// FormatValue returns what LuatOS's tostring (and so print and log) shows
// for v, without calling metamethods (see [Tostring] for that).
//
// Numbers follow §3.1 of reference/luatos-semantics.md for 32-bit firmware
// (LUA_32BITS, float format "%.7g", a float that looks like an integer is
// printed without ".0"). Because gopher-lua keeps every number as float64,
// the rule applied here is:
//
//   - an integral value in [-2^31, 2^31-1] prints as a decimal integer
//     ("1", "-7", "2147483647"): on the device it is an integer, or a float
//     whose "%.7g" form has at most 7 significant digits and LuatOS drops the
//     ".0"; inferred: integral floats above 9999999 would print in
//     exponent form on the device, we print them as integers;
//   - any other finite value is rounded to float32 and printed with C's
//     "%.7g" ("3.14", "0.1", "2.147484e+09", "1e+10");
//   - NaN prints "nan" or "-nan" (sign bit), infinities "inf" and "-inf"
//     (inferred: glibc's spelling; the device's libc is not confirmed);
//   - negative zero prints "0".
//
// Other values: "nil", "true", "false", strings verbatim, and
// "<type>: 0x%08x" for tables, functions, threads and userdata, where the
// address is the low 32 bits of the Go pointer (a 32-bit device prints
// 8 hex digits; identity within one process is kept). A userdata whose
// metatable has a string __name prints "<__name>: 0x…" as Lua 5.3 does
// (e.g. "WS*: 0x…" for a websocket client, §1.1). json.null prints
// "userdata: 0x00000000" (inferred: the device prints a NULL light
// userdata with its own printf).
func FormatValue(v lua.LValue) string {
	switch x := v.(type) {
	case lua.LNumber:
		return FormatNumber(float64(x))
	case lua.LString:
		return string(x)
	case lua.LBool:
		if x {
			return "true"
		}
		return "false"
	case *lua.LNilType:
		return "nil"
	case *lua.LTable:
		return fmt.Sprintf("table: 0x%08x", addr(x))
	case *lua.LFunction:
		return fmt.Sprintf("function: 0x%08x", addr(x))
	case *lua.LState:
		return fmt.Sprintf("thread: 0x%08x", addr(x))
	case *lua.LUserData:
		return formatUserdata(x)
	case nil:
		return "nil"
	}
	return v.String()
}

// formatUserdata prints a userdata as Lua 5.3's luaL_tolstring does.
func formatUserdata(ud *lua.LUserData) string {
	if _, ok := ud.Value.(jsonNull); ok {
		return "userdata: 0x00000000"
	}
	name := "userdata"
	if mt, ok := ud.Metatable.(*lua.LTable); ok {
		if s, ok := mt.RawGetString("__name").(lua.LString); ok {
			name = string(s)
		}
	}
	return fmt.Sprintf("%s: 0x%08x", name, addr(ud))
}

// addr returns the low 32 bits of a pointer, as a 32-bit device shows it.
func addr(p any) uint32 {
	return uint32(reflect.ValueOf(p).Pointer())
}

// FormatNumber formats one Lua number by the rule documented on
// [FormatValue].
func FormatNumber(n float64) string {
	switch {
	case math.IsNaN(n):
		if math.Signbit(n) {
			return "-nan"
		}
		return "nan"
	case IsInt32(n):
		return strconv.FormatInt(int64(n), 10)
	}
	return FormatC(float64(float32(n)), 'g', 7)
}

// IsInt32 reports whether n is a firmware integer under the rule on
// [FormatValue]: integral and inside the int32 range.
func IsInt32(n float64) bool {
	return n == math.Trunc(n) && n >= math.MinInt32 && n <= math.MaxInt32
}

// FormatC formats f like C's printf("%.<prec><verb>") for verb 'f', 'g' or
// 'e', including C's spelling of infinities and NaN ("inf", "-nan").
func FormatC(f float64, verb byte, prec int) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		if math.Signbit(f) {
			return "-nan"
		}
		return "nan"
	}
	if verb == 'g' && prec == 0 {
		prec = 1 // C: a precision of 0 for %g means 1
	}
	return strconv.FormatFloat(f, verb, prec, 64)
}

// Tostring is LuatOS's tostring: the __tostring metamethod when present
// (its result must be a string), otherwise [FormatValue].
func Tostring(L *lua.LState, v lua.LValue) string {
	if fn := L.GetMetaField(v, "__tostring"); fn != lua.LNil {
		L.Push(fn)
		L.Push(v)
		L.Call(1, 1)
		ret := L.Get(-1)
		L.Pop(1)
		s, ok := ret.(lua.LString)
		if !ok {
			L.RaiseError("'__tostring' must return a string")
		}
		return string(s)
	}
	return FormatValue(v)
}

// baseTostring is the replacement for the global tostring.
func baseTostring(L *lua.LState) int {
	L.Push(lua.LString(Tostring(L, L.CheckAny(1))))
	return 1
}

// OpenTostring replaces the global tostring with LuatOS's ([Tostring]).
// print and log belong to the runtime, which should format with
// [Tostring] as well.
func OpenTostring(L *lua.LState, _ *Env) {
	L.SetGlobal("tostring", L.NewFunction(baseTostring))
}
