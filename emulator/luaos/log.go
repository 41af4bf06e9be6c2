package luaos

import (
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
)

// openLog installs print and the log library (luatos-semantics.md §3.3).
func (v *vm) openLog() {
	L := v.L
	L.SetGlobal("print", L.NewFunction(v.print))
	t := L.NewTable()
	for name, letter := range map[string]byte{"debug": 'D', "info": 'I', "warn": 'W', "error": 'E', "fatal": 'E'} {
		t.RawSetString(name, L.NewFunction(v.logFunc(letter)))
	}
	t.RawSetString("setLevel", L.NewFunction(v.logSetLevel))
	t.RawSetString("getLevel", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LNumber(v.rt.out.level.Load()))
		return 1
	}))
	t.RawSetString("style", L.NewFunction(v.logStyle))
	for name, n := range map[string]int{"LOG_SILENT": levelSilent, "LOG_DEBUG": levelDebug,
		"LOG_INFO": levelInfo, "LOG_WARN": levelWarn, "LOG_ERROR": levelError} {
		t.RawSetString(name, lua.LNumber(n))
	}
	L.SetGlobal("log", t)
}

// print is LuatOS's print: LuatOS tostring of every argument joined by a
// single space (not a tab), one line (§3.3). The firmware's 512-byte line
// buffer only splits the write, not the line, so it is not modelled.
func (v *vm) print(L *lua.LState) int {
	n := L.GetTop()
	parts := make([]string, n)
	for i := 1; i <= n; i++ {
		parts[i-1] = luatlib.Tostring(L, L.Get(i))
	}
	v.rt.out.line(strings.Join(parts, " "))
	return 0
}

// logFunc returns log.<level>(tag, ...): it calls the global print with
// "<L>/user.<tag>" first, or in the form log.style selects (§3.3).
func (v *vm) logFunc(letter byte) lua.LGFunction {
	return func(L *lua.LState) int {
		n := L.GetTop()
		if n == 0 || !v.rt.out.enabled(letterLevel(letter)) {
			return 0
		}
		args := make([]lua.LValue, 0, n+1)
		tag := logTag(L.Get(1))
		switch v.logStyleN {
		case 1:
			args = append(args, lua.LString(string(letter)+"/"+callerPos(L)), lua.LString(tag))
		case 2:
			args = append(args, lua.LString(string(letter)+"/user."+tag), lua.LString(callerPos(L)))
		default:
			args = append(args, lua.LString(string(letter)+"/user."+tag))
		}
		for i := 2; i <= n; i++ {
			args = append(args, L.Get(i))
		}
		L.Push(L.GetGlobal("print"))
		for _, a := range args {
			L.Push(a)
		}
		L.Call(len(args), 0)
		return 0
	}
}

// logTag formats the tag: strings and numbers as tostring does, anything
// else "(null)" (§3.3).
func logTag(lv lua.LValue) string {
	switch lv.(type) {
	case lua.LString, lua.LNumber:
		return luatlib.FormatValue(lv)
	}
	return "(null)"
}

// callerPos is "file.lua:12" of the Lua function that called log.*.
func callerPos(L *lua.LState) string {
	dbg, ok := L.GetStack(1)
	if !ok {
		return "?"
	}
	if _, err := L.GetInfo("Sl", dbg, lua.LNil); err != nil {
		return "?"
	}
	src := strings.TrimSuffix(strings.TrimPrefix(dbg.Source, `[string "`), `"]`)
	return fmt.Sprintf("%s:%d", src, dbg.CurrentLine)
}

// logSetLevel is log.setLevel(n | name): the numbers 1..4 and 7, or the
// names SILENT/DEBUG/INFO/WARN/ERROR; anything else (0, "FATAL") is silent.
func (v *vm) logSetLevel(L *lua.LState) int {
	level := levelSilent
	switch x := L.Get(1).(type) {
	case lua.LNumber:
		switch int(x) {
		case levelDebug, levelInfo, levelWarn, levelError, levelSilent:
			level = int(x)
		}
	case lua.LString:
		switch string(x) {
		case "DEBUG":
			level = levelDebug
		case "INFO":
			level = levelInfo
		case "WARN":
			level = levelWarn
		case "ERROR":
			level = levelError
		}
	}
	v.rt.out.level.Store(int32(level))
	return 0
}

// logStyle is log.style([n]): sets the line style 0..2 and returns the
// current one.
func (v *vm) logStyle(L *lua.LState) int {
	if n, ok := L.Get(1).(lua.LNumber); ok && n >= 0 && n <= 2 {
		v.logStyleN = int(n)
	}
	L.Push(lua.LNumber(v.logStyleN))
	return 1
}
