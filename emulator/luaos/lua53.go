package luaos

import (
	"errors"
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
)

// openLua53 adds the Lua 5.3 base functions LuatOS scripts use that
// gopher-lua (Lua 5.1) lacks or defines differently: table.pack/unpack/
// move, math.type/tointeger/ult/maxinteger/mininteger (32-bit firmware
// integers), string.rep with a separator, rawlen, coroutine.isyieldable,
// load of a string chunk (with the 5.3-operator explanation and an env),
// and xpcall passing extra arguments. The global unpack of 5.1 stays.
func (v *vm) openLua53() {
	L := v.L
	tbl := module53(L, "table")
	tbl.RawSetString("unpack", L.GetGlobal("unpack"))
	tbl.RawSetString("pack", L.NewFunction(tablePack))
	tbl.RawSetString("move", L.NewFunction(tableMove))
	m := module53(L, "math")
	m.RawSetString("type", L.NewFunction(mathType))
	m.RawSetString("tointeger", L.NewFunction(mathToInteger))
	m.RawSetString("ult", L.NewFunction(mathUlt))
	m.RawSetString("maxinteger", lua.LNumber(math.MaxInt32))
	m.RawSetString("mininteger", lua.LNumber(math.MinInt32))
	module53(L, "string").RawSetString("rep", L.NewFunction(stringRep))
	module53(L, "coroutine").RawSetString("isyieldable", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LBool(L.G.MainThread != L))
		return 1
	}))
	L.SetGlobal("rawlen", L.NewFunction(rawLen))
	L.SetGlobal("load", L.NewFunction(v.load53(L.GetGlobal("load"))))
	L.SetGlobal("xpcall", L.NewFunction(xpcall53))
}

// module53 returns the global table name.
func module53(L *lua.LState, name string) *lua.LTable {
	t, _ := L.GetGlobal(name).(*lua.LTable)
	if t == nil {
		t = L.NewTable()
		L.SetGlobal(name, t)
	}
	return t
}

// tablePack is table.pack(...): {n = select("#", ...), ...}.
func tablePack(L *lua.LState) int {
	n := L.GetTop()
	t := L.CreateTable(n, 1)
	for i := 1; i <= n; i++ {
		t.RawSetInt(i, L.Get(i))
	}
	t.RawSetString("n", lua.LNumber(n))
	L.Push(t)
	return 1
}

// tableMove is table.move(a1, f, e, t[, a2]): a2[t..] = a1[f..e], returns a2.
func tableMove(L *lua.LState) int {
	a1 := L.CheckTable(1)
	f, e, t := L.CheckInt(2), L.CheckInt(3), L.CheckInt(4)
	a2 := a1
	if L.GetTop() >= 5 && L.Get(5) != lua.LNil {
		a2 = L.CheckTable(5)
	}
	if e >= f {
		if t > e || t <= f || a1 != a2 {
			for i := 0; i <= e-f; i++ {
				L.SetTable(a2, lua.LNumber(t+i), L.GetTable(a1, lua.LNumber(f+i)))
			}
		} else {
			for i := e - f; i >= 0; i-- {
				L.SetTable(a2, lua.LNumber(t+i), L.GetTable(a1, lua.LNumber(f+i)))
			}
		}
	}
	L.Push(a2)
	return 1
}

// mathType is math.type(x): "integer" for an integral value inside int32
// (the 32-bit firmware's integers; luatlib.IsInt32), "float" for other
// numbers, nil otherwise. gopher-lua cannot tell 1.0 from 1: both are
// "integer" here.
func mathType(L *lua.LState) int {
	n, ok := L.CheckAny(1).(lua.LNumber)
	switch {
	case !ok:
		L.Push(lua.LNil)
	case luatlib.IsInt32(float64(n)):
		L.Push(lua.LString("integer"))
	default:
		L.Push(lua.LString("float"))
	}
	return 1
}

// mathToInteger is math.tointeger(x): x when it is an int32 integer, else nil.
func mathToInteger(L *lua.LState) int {
	if n, ok := L.Get(1).(lua.LNumber); ok && luatlib.IsInt32(float64(n)) {
		L.Push(n)
	} else {
		L.Push(lua.LNil)
	}
	return 1
}

// mathUlt is math.ult(a, b) on 32-bit integers.
func mathUlt(L *lua.LState) int {
	a := uint32(int32(checkInteger(L, 1, "ult")))
	b := uint32(int32(checkInteger(L, 2, "ult")))
	L.Push(lua.LBool(a < b))
	return 1
}

// maxRep bounds string.rep's result (the device's heap is 200–300 KiB;
// 16 MiB keeps a typo from exhausting the host).
const maxRep = 16 << 20

// stringRep is string.rep(s, n[, sep]).
func stringRep(L *lua.LState) int {
	s, n, sep := L.CheckString(1), L.CheckInt(2), L.OptString(3, "")
	if n <= 0 {
		L.Push(lua.LString(""))
		return 1
	}
	if int64(len(s)+len(sep))*int64(n) > maxRep {
		L.RaiseError("resulting string too large")
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = s
	}
	L.Push(lua.LString(strings.Join(parts, sep)))
	return 1
}

// rawLen is rawlen(v) for tables and strings.
func rawLen(L *lua.LState) int {
	switch x := L.CheckAny(1).(type) {
	case *lua.LTable:
		L.Push(lua.LNumber(x.Len()))
	case lua.LString:
		L.Push(lua.LNumber(len(x)))
	default:
		L.ArgError(1, "table or string expected")
	}
	return 1
}

// load53 is load(chunk[, name[, mode[, env]]]): a string chunk compiles as
// the runtime compiles scripts (5.3 operators explained); a function chunk
// goes to gopher-lua's load. Returns fn or nil, message.
func (v *vm) load53(orig lua.LValue) lua.LGFunction {
	return func(L *lua.LState) int {
		s, ok := L.Get(1).(lua.LString)
		if !ok {
			n := L.GetTop()
			L.Push(orig)
			for i := 1; i <= min(n, 2); i++ {
				L.Push(L.Get(i))
			}
			L.Call(min(n, 2), lua.MultRet)
			return L.GetTop() - n
		}
		name := L.OptString(2, firstLine(string(s)))
		fn, err := v.compile([]byte(s), name, chunkName(name))
		if err != nil {
			L.Push(lua.LNil)
			L.Push(lua.LString(err.Error()))
			return 2
		}
		if env, ok := L.Get(4).(*lua.LTable); ok {
			fn.Env = env
		}
		L.Push(fn)
		return 1
	}
}

// firstLine is Lua's default chunk name for a string: its first line.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + "..."
	}
	return s
}

// xpcall53 is xpcall(f, msgh, ...): f gets the extra arguments (5.3).
func xpcall53(L *lua.LState) int {
	f := L.CheckAny(1)
	h := L.CheckFunction(2)
	n := L.GetTop()
	base := n
	L.Push(f)
	for i := 3; i <= n; i++ {
		L.Push(L.Get(i))
	}
	if err := L.PCall(n-2, lua.MultRet, h); err != nil {
		L.SetTop(base)
		L.Push(lua.LFalse)
		var ae *lua.ApiError
		if errors.As(err, &ae) && ae.Object != nil {
			L.Push(ae.Object)
		} else {
			L.Push(lua.LString(err.Error()))
		}
		return 2
	}
	nres := L.GetTop() - base
	L.Insert(lua.LTrue, base+1)
	return nres + 1
}
