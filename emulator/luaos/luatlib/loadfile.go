package luatlib

import (
	"bytes"
	"fmt"
	"io"

	lua "github.com/yuin/gopher-lua"
)

// openLoadfile replaces the global loadfile and dofile so that they read
// through the device layout like every other file access (Lua 5.3's
// luaL_loadfilex goes through the LuatOS VFS: dofile("/luadb/x.lua")
// works, host paths do not). Reading stdin (no file name) is refused: the
// device has no stdin. Chunk names are the device path.
func openLoadfile(L *lua.LState, v *vfs) {
	L.SetGlobal("loadfile", L.NewFunction(func(L *lua.LState) int {
		fn, err := v.load(L, checkString(L, 1, "loadfile"))
		if err != nil {
			L.Push(lua.LNil)
			L.Push(lua.LString(err.Error()))
			return 2
		}
		L.Push(fn)
		return 1
	}))
	L.SetGlobal("dofile", L.NewFunction(func(L *lua.LState) int {
		fn, err := v.load(L, checkString(L, 1, "dofile"))
		if err != nil {
			L.RaiseError("%s", err.Error())
		}
		top := L.GetTop()
		L.Push(fn)
		L.Call(0, lua.MultRet)
		return L.GetTop() - top
	}))
}

// load compiles a device file; errors read "cannot open <path>" or the
// syntax error, as Lua 5.3's loadfile reports them.
func (v *vfs) load(L *lua.LState, p string) (*lua.LFunction, error) {
	f, r, err := v.open(p, "r")
	if err != nil {
		_, text := errno(err)
		return nil, fmt.Errorf("cannot open %s: %s", p, text)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", p, err)
	}
	return L.Load(bytes.NewReader(src), r.dev)
}
