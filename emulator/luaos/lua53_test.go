package luaos

import "testing"

// TestLua53Shims: the 5.3 functions scripts use work on gopher-lua.
func TestLua53Shims(t *testing.T) {
	lines := runUntil(t, Options{}, `
log.info("unpack", table.unpack({1, 2, 3}))
local p = table.pack(1, nil, 3)
log.info("pack", p.n, p[1], p[2], p[3])
log.info("move", table.concat(table.move({1, 2, 3}, 1, 3, 2), ","))
log.info("math", math.type(1), math.type(1.5), math.type("1"), math.tointeger(3), math.tointeger(3.5), math.maxinteger, math.ult(1, -1))
log.info("rep", string.rep("ab", 3, "-"), rawlen({1, 2}), rawlen("abc"))
log.info("load", load("return 6 * 7")(), select(2, load("return 7 // 2", "chunk")))
local env = {x = 5}
log.info("env", load("return x", "e", "t", env)())
log.info("xpcall", xpcall(function(a, b) return a + b end, debug.traceback, 2, 3))
log.info("xpcall", xpcall(function() error("e", 0) end, function(m) return "handled " .. m end))
log.info("yieldable", coroutine.isyieldable(), coroutine.wrap(function() return coroutine.isyieldable() end)())
log.info("end")
sys.run()
`, "I/user.end", "I/user.")
	equalLines(t, lines, []string{
		"I/user.unpack 1 2 3",
		"I/user.pack 3 1 nil 3",
		"I/user.move 1,1,2,3",
		"I/user.math integer float nil 3 nil 2147483647 true",
		"I/user.rep ab-ab-ab 2 3",
		"I/user.load 42 chunk:1: Lua 5.3 operator '//' is not supported by this emulator (gopher-lua is Lua 5.1)",
		"I/user.env 5",
		"I/user.xpcall true 5",
		"I/user.xpcall false handled e",
		"I/user.yieldable false true",
		"I/user.end",
	})
}
