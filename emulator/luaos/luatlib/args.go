package luatlib

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// argError raises Lua 5.3's "bad argument #n to 'fname' (msg)".
func argError(L *lua.LState, n int, fname, msg string) {
	L.RaiseError("bad argument #%d to '%s' (%s)", n, fname, msg)
}

// checkNumber is luaL_checknumber with Lua 5.3's message.
func checkNumber(L *lua.LState, n int, fname string) float64 {
	switch v := L.Get(n).(type) {
	case lua.LNumber:
		return float64(v)
	case lua.LString:
		if f, err := parseLuaNumber(string(v)); err == nil {
			return f
		}
	}
	argError(L, n, fname, fmt.Sprintf("number expected, got %s", argType(L, n)))
	return 0
}

// argType is the type name Lua 5.3 reports for argument n ("no value"
// past the top).
func argType(L *lua.LState, n int) string {
	if n > L.GetTop() {
		return "no value"
	}
	return L.Get(n).Type().String()
}

// checkInteger is luaL_checkinteger: the number must be integral; lo and
// hi bound the accepted range (inclusive).
func checkInteger(L *lua.LState, n int, fname string, lo, hi float64) int64 {
	f := checkNumber(L, n, fname)
	if f != math.Trunc(f) || f < lo || f > hi {
		argError(L, n, fname, "number has no integer representation")
	}
	return int64(f)
}

// optInteger is luaL_optinteger.
func optInteger(L *lua.LState, n int, fname string, def int64) int64 {
	if L.Get(n) == lua.LNil {
		return def
	}
	return checkInteger(L, n, fname, math.MinInt64, math.MaxInt64)
}

// checkString is luaL_checklstring: strings, and numbers in their string
// form.
func checkString(L *lua.LState, n int, fname string) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return FormatNumber(float64(v))
	}
	argError(L, n, fname, fmt.Sprintf("string expected, got %s", argType(L, n)))
	return ""
}

// optString is luaL_optlstring.
func optString(L *lua.LState, n int, fname, def string) string {
	if L.Get(n) == lua.LNil {
		return def
	}
	return checkString(L, n, fname)
}

// parseLuaNumber converts a numeric string as Lua does: surrounding
// spaces allowed, decimal (strconv syntax) or 0x hexadecimal integers.
func parseLuaNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	h := strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
	if len(h) > 2 && h[0] == '0' && h[1]|0x20 == 'x' {
		u, err := strconv.ParseUint(h[2:], 16, 64)
		if err != nil {
			return 0, fmt.Errorf("luatlib: not a number: %q", s)
		}
		if neg {
			return -float64(u), nil
		}
		return float64(u), nil
	}
	if t == "" || strings.ContainsAny(t, "_nN") || strings.HasPrefix(h, "i") || strings.HasPrefix(h, "I") {
		return 0, fmt.Errorf("luatlib: not a number: %q", s)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("luatlib: not a number: %q", s)
	}
	return f, nil
}
