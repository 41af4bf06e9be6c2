package luatlib

import (
	lua "github.com/yuin/gopher-lua"
)

// jsonNull is the Value of the json.null userdata. On the device json.null
// is a NULL light userdata (§3.4); gopher-lua has no light userdata, so each
// state gets one full userdata holding jsonNull, shared by json.null and
// every decoded null, so that v == json.null holds.
type jsonNull struct{}

// registry key under which the state's json.null userdata is kept.
const jsonNullKey = "luatlib.json.null"

// JSONNull returns L's json.null value, creating it on first use.
func JSONNull(L *lua.LState) *lua.LUserData {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if ud, ok := reg.RawGetString(jsonNullKey).(*lua.LUserData); ok {
		return ud
	}
	ud := L.NewUserData()
	ud.Value = jsonNull{}
	reg.RawSetString(jsonNullKey, ud)
	return ud
}

// IsJSONNull reports whether v is json.null.
func IsJSONNull(v lua.LValue) bool {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return false
	}
	_, ok = ud.Value.(jsonNull)
	return ok
}

// OpenJSON opens the json library (§3.4): json.encode, json.decode and
// json.null.
func OpenJSON(L *lua.LState, _ *Env) {
	mod := module(L, "json")
	setFuncs(L, mod, map[string]lua.LGFunction{
		"encode": jsonEncodeL,
		"decode": jsonDecodeL,
	})
	mod.RawSetString("null", JSONNull(L))
}

// jsonEncodeL is json.encode(v [, fmt]): "" for nil, the JSON text, or
// nil plus the error message (§3.4).
func jsonEncodeL(L *lua.LState) int {
	v := L.Get(1)
	if v == lua.LNil {
		L.Push(lua.LString(""))
		return 1
	}
	verb, prec := byte('f'), 7
	if L.GetTop() >= 2 && L.Get(2) != lua.LNil {
		var ok bool
		verb, prec, ok = parseFloatFormat(L.Get(2))
		if !ok {
			L.Push(lua.LNil)
			L.Push(lua.LString("invalid float format"))
			return 2
		}
	}
	s, err := EncodeJSON(v, JSONOptions{Verb: verb, Prec: prec})
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LString(s))
	return 1
}

// parseFloatFormat reads json.encode's format argument: "12f", "%.12f",
// "7g" or "%.7g", 1 to 3 digits (§3.4). A number argument is read as its
// string form, as lua_isstring accepts numbers.
func parseFloatFormat(v lua.LValue) (verb byte, prec int, ok bool) {
	var s string
	switch x := v.(type) {
	case lua.LString:
		s = string(x)
	case lua.LNumber:
		s = FormatNumber(float64(x))
	default:
		return 0, 0, false
	}
	if len(s) >= 2 && s[0] == '%' && s[1] == '.' {
		s = s[2:]
	}
	if len(s) < 2 || len(s) > 4 {
		return 0, 0, false
	}
	verb = s[len(s)-1]
	if verb != 'f' && verb != 'g' {
		return 0, 0, false
	}
	for _, c := range []byte(s[:len(s)-1]) {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		prec = prec*10 + int(c-'0')
	}
	return verb, prec, true
}

// jsonDecodeL is json.decode(s): (v, 1) or (nil, false, err) (§3.4).
func jsonDecodeL(L *lua.LState) int {
	fail := func(msg string) int {
		L.Push(lua.LNil)
		L.Push(lua.LFalse)
		L.Push(lua.LString(msg))
		return 3
	}
	// source: the firmware checks for exactly one argument inside its
	// protected call; the message names the function "?" (inferred).
	if L.GetTop() != 1 {
		return fail("bad argument #1 to '?' (expected 1 argument)")
	}
	var s string
	switch x := L.Get(1).(type) {
	case lua.LString:
		s = string(x)
	case lua.LNumber:
		s = FormatNumber(float64(x))
	default:
		return fail("bad argument #1 to '?' (string expected, got " + typeName(L.Get(1)) + ")")
	}
	v, err := DecodeJSON(L, s)
	if err != nil {
		return fail(err.Error())
	}
	L.Push(v)
	L.Push(lua.LNumber(1))
	return 2
}

// typeName is Lua 5.3's type name for v ("no value" is not needed here).
func typeName(v lua.LValue) string {
	return v.Type().String()
}
