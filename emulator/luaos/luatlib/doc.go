// Package luatlib provides the LuatOS standard-library extras that the Lua
// runtime (package luaos) opens into every gopher-lua state: LuatOS number
// formatting, json, the string extras and string.pack/unpack, bit, a C89
// os.date, io with the device's file layout, zbuff, hmeta and hardware
// stand-ins (gpio, pm, wdt, pins).
//
// # Place in the data path
//
//	script (main.lua) ⇄ gopher-lua LState ⇄ luaos runtime (sys, log, websocket, uart …)
//	                                       └→ luatlib (this package: pure libraries, no I/O
//	                                          except the sandboxed file system under Env)
//
// The runtime owns the LState and its goroutine; nothing here starts a
// goroutine or blocks, so every function runs on the VM loop.
//
// # Numbers
//
// LuatOS runs Lua 5.3 built with LUA_32BITS: 32-bit integers and 32-bit
// floats (reference/luatos-semantics.md §3.1). gopher-lua is Lua 5.1 with
// float64 numbers only, so this package decides "integer or float" from the
// value: an integral value inside the int32 range is treated as a firmware
// integer, anything else as a firmware float (rounded to float32 where the
// firmware's output depends on it). [FormatValue] documents the exact rule.
//
// # Sources
//
// Semantics follow reference/luatos-semantics.md (§3.1 numbers, §3.4 json,
// §3.8 os/string extras) and the LuatOS sources it names. Where the
// reference is silent, behaviour was read from the public LuatOS sources
// (lua/src/lstrlib_exts.c, lua/src/lbitlib.c, components/lua-cjson) and is
// marked "source:" in comments; guesses are marked "inferred:".
package luatlib
