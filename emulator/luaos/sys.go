package luaos

import (
	_ "embed"
	"slices"

	lua "github.com/yuin/gopher-lua"
)

//go:embed sys.lua
var sysSource []byte

// poolEntry is one sys timer: the task (a coroutine) or the callback with
// its arguments.
type poolEntry struct {
	h    lua.LValue
	args *lua.LTable
	loop bool
}

// openSys loads sys.lua with its native helpers and preloads it as the
// globals sys and sysplus (the firmware's autoload, §3.1; sysplus is sys).
func (v *vm) openSys() {
	L := v.L
	fn, err := v.compileCached(sysSource, "sys.lua", chunkName("sys.lua"))
	if err != nil {
		L.RaiseError("luaos: embedded sys.lua: %s", err.Error()) // a build defect, caught by every test
	}
	L.Push(fn)
	L.Push(v.sysNatives())
	L.Call(1, 1)
	sys := L.Get(-1)
	L.Pop(1)
	L.SetGlobal("sys", sys)
	L.SetGlobal("sysplus", sys)
	if loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable); ok {
		loaded.RawSetString("sys", sys)
		loaded.RawSetString("sysplus", sys)
	}
}

// sysNatives is the table sys.lua receives: the timer pool kept in Go and
// the millisecond clock.
func (v *vm) sysNatives() *lua.LTable {
	L := v.L
	pool := map[int64]poolEntry{}
	t := L.NewTable()
	reg := func(name string, fn lua.LGFunction) { t.RawSetString(name, L.NewFunction(fn)) }
	reg("put", func(L *lua.LState) int {
		e := poolEntry{h: L.Get(2), loop: L.ToBool(4)}
		e.args, _ = L.Get(3).(*lua.LTable)
		pool[int64(L.CheckNumber(1))] = e
		return 0
	})
	reg("get", func(L *lua.LState) int {
		e, ok := pool[int64(L.CheckNumber(1))]
		if !ok {
			return 0
		}
		L.Push(e.h)
		if e.args == nil {
			L.Push(lua.LNil)
		} else {
			L.Push(e.args)
		}
		L.Push(lua.LBool(e.loop))
		return 3
	})
	reg("del", func(L *lua.LState) int { delete(pool, int64(L.CheckNumber(1))); return 0 })
	reg("has", func(L *lua.LState) int { _, ok := pool[int64(L.CheckNumber(1))]; L.Push(lua.LBool(ok)); return 1 })
	reg("match", func(L *lua.LState) int { L.Push(poolMatch(L, pool, L.Get(1), L.Get(2))); return 1 })
	reg("now", func(L *lua.LState) int { L.Push(lua.LNumber(v.uptime())); return 1 })
	return t
}

// poolMatch lists the message timers (ids above the task range) whose
// callback is fn and, unless args is nil, whose arguments equal args
// element by element (raw equality), in id order.
func poolMatch(L *lua.LState, pool map[int64]poolEntry, fn, args lua.LValue) *lua.LTable {
	want, _ := args.(*lua.LTable)
	var ids []int64
	for id, e := range pool {
		if id > 0x1FFFFF && e.h == fn && (want == nil || sameArgs(e.args, want)) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := L.CreateTable(len(ids), 0)
	for _, id := range ids {
		out.Append(lua.LNumber(id))
	}
	return out
}

// sameArgs compares two packed argument tables ({n=..., ...}).
func sameArgs(a, b *lua.LTable) bool {
	if a == nil || b == nil {
		return a == b
	}
	n := a.RawGetString("n")
	if n != b.RawGetString("n") {
		return false
	}
	cnt, _ := n.(lua.LNumber)
	for i := 1; i <= int(cnt); i++ {
		if a.RawGetInt(i) != b.RawGetInt(i) {
			return false
		}
	}
	return true
}
