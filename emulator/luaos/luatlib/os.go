package luatlib

import (
	"math"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// OpenOS makes the os table match the device (source: LuatOS loslib.c,
// which on a module registers only clock, date, difftime, remove, rename
// and time): os.date with C89 specifiers only, os.time with a date table
// (UTC, "mon" alias), os.clock in whole seconds since Open, os.difftime,
// and os.remove/os.rename on the device file system ([OpenIO]).
// os.execute, os.exit, os.getenv, os.setenv, os.setlocale and os.tmpname
// are removed: the device has none of them, and a script must not be able
// to run host commands or end the emulator.
func OpenOS(L *lua.LState, env *Env) {
	if env == nil {
		env = &Env{}
	}
	mod := module(L, "os")
	for _, name := range []string{"execute", "exit", "getenv", "setenv", "setlocale", "tmpname"} {
		mod.RawSetString(name, lua.LNil)
	}
	boot := env.now()
	fs := newFS(L, env)
	setFuncs(L, mod, map[string]lua.LGFunction{
		"date":     func(L *lua.LState) int { return osDate(L, env) },
		"time":     func(L *lua.LState) int { return osTime(L, env) },
		"clock":    func(L *lua.LState) int { return osClock(L, env, boot) },
		"difftime": osDifftime,
		"remove":   fs.osRemove,
		"rename":   fs.osRename,
	})
}

// checkTime is l_checktime: a 32-bit integer.
func checkTime(L *lua.LState, n int, fname string) int64 {
	return checkInteger(L, n, fname, math.MinInt32, math.MaxInt32)
}

// osDate is os.date([fmt [, t]]).
func osDate(L *lua.LState, env *Env) int {
	format := optString(L, 1, "date", "%c")
	t := env.now()
	if L.Get(2) != lua.LNil {
		t = time.Unix(checkTime(L, 2, "date"), 0)
	}
	if len(format) > 0 && format[0] == '!' {
		t, format = t.UTC(), format[1:]
	} else {
		t = t.In(env.location())
	}
	if format == "*t" {
		L.Push(dateTable(L, t))
		return 1
	}
	s, err := Strftime(format, t)
	if err != nil {
		argError(L, 1, "date", err.Error())
	}
	L.Push(lua.LString(s))
	return 1
}

// dateTable builds the "*t" table (isdst false: gmtime).
func dateTable(L *lua.LState, t time.Time) *lua.LTable {
	tb := L.NewTable()
	setDateFields(tb, t)
	return tb
}

func setDateFields(tb *lua.LTable, t time.Time) {
	for k, v := range map[string]int{
		"sec": t.Second(), "min": t.Minute(), "hour": t.Hour(), "day": t.Day(),
		"month": int(t.Month()), "year": t.Year(), "wday": int(t.Weekday()) + 1, "yday": t.YearDay(),
	} {
		tb.RawSetString(k, lua.LNumber(v))
	}
	tb.RawSetString("isdst", lua.LFalse)
}

// dateField is loslib's getfield: d < 0 means required.
func dateField(L *lua.LState, tb *lua.LTable, key string, d, delta int) int {
	v := tb.RawGetString(key)
	n, isNum := v.(lua.LNumber)
	if s, ok := v.(lua.LString); ok {
		if f, err := parseLuaNumber(string(s)); err == nil {
			n, isNum = lua.LNumber(f), true
		}
	}
	if !isNum || float64(n) != math.Trunc(float64(n)) {
		switch {
		case v != lua.LNil:
			L.RaiseError("field '%s' is not an integer", key)
		case d < 0:
			L.RaiseError("field '%s' missing in date table", key)
		}
		return d
	}
	if n < -math.MaxInt32/2 || n > math.MaxInt32/2 {
		L.RaiseError("field '%s' is out-of-bound", key)
	}
	return int(n) - delta
}

// osTime is os.time([tbl]): the table is read as UTC (the device's mktime
// runs without a TZ), normalised back into the table, and the result must
// fit the 32-bit integer.
func osTime(L *lua.LState, env *Env) int {
	var t time.Time
	if L.Get(1) == lua.LNil {
		t = env.now()
	} else {
		tb := L.CheckTable(1)
		sec := dateField(L, tb, "sec", 0, 0)
		minute := dateField(L, tb, "min", 0, 0)
		hour := dateField(L, tb, "hour", 12, 0)
		day := dateField(L, tb, "day", -1, 0)
		year := dateField(L, tb, "year", -1, 1900)
		var mon int
		if m := tb.RawGetString("mon"); m != lua.LNil {
			mon = int(lua.LVAsNumber(m)) - 1
		} else {
			mon = dateField(L, tb, "month", -1, 1)
		}
		t = time.Date(year+1900, time.Month(mon+1), day, hour, minute, sec, 0, time.UTC)
		setDateFields(tb, t)
	}
	u := t.Unix()
	if u < math.MinInt32 || u > math.MaxInt32 {
		L.RaiseError("time result cannot be represented in this installation")
	}
	L.Push(lua.LNumber(u))
	return 1
}

// osClock is os.clock(): whole seconds since the libraries were opened
// (§3.8: integer seconds of uptime).
func osClock(L *lua.LState, env *Env, boot time.Time) int {
	L.Push(lua.LNumber(math.Floor(env.now().Sub(boot).Seconds())))
	return 1
}

func osDifftime(L *lua.LState) int {
	L.Push(lua.LNumber(checkTime(L, 1, "difftime") - checkTime(L, 2, "difftime")))
	return 1
}
