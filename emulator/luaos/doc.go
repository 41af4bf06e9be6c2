// Package luaos is the LuatOS firmware runtime of the emulator: it runs a
// LuatOS project (main.lua and the modules it requires) on gopher-lua with
// the libraries a websocket device uses, instead of the AT firmware.
//
// # Place in the data path
//
//	host ⇄ UART1 (Options.UART) ─┐                      ┌→ wsclient ⇄ netif ⇄ network
//	host ⇄ USB   (Options.USB)  ─┴→ VM loop (one LState) ┤
//	                                                    └→ log → Options.Stdout, USB
//
// One goroutine owns the Lua state (the VM loop). Every other goroutine —
// websocket event pumps, the port readers, netif subscribers — posts
// messages into one bounded queue; a full queue blocks the poster
// (backpressure), honouring its context. The loop is the firmware's
// sys.run (luatos-semantics.md §3.2): dispatch every queued publish, then
// take ONE native message (a timer, a websocket event, UART data, a REPL
// chunk) and run its handler on the main Lua thread, outside any coroutine.
//
// sys is Lua (sys.lua, embedded), written for this emulator from the
// documented semantics on top of the native primitives rtos.timer_start,
// rtos.timer_stop and rtos.receive, as the firmware layers it.
//
// # Boot and reboot
//
// Run boots the VM: it preloads sys and sysplus, runs main.lua, and when the
// script raises an error or returns it prints the firmware's
// "E/main Lua VM exit!! reboot in <ms>ms" line, waits Options.RebootDelay
// and boots again, until its context is done (§3.1).
//
// # Use
//
//	err := luaos.Run(ctx, luaos.Options{
//		Script: "project/",                  // main.lua or its folder
//		Env:    &luaos.Env{Board: board, Identity: id, Net: set, CSQ: csq},
//		UART:   mainPort,                    // UART1; REPL until uart.setup(1)
//		USB:    usbPort,                     // REPL + log copy
//		Stdout: os.Stdout,                   // the log
//		Quirks: wsclient.Firmware,           // or wsclient.Spec
//		RebootDelay: luaos.FirmwareRebootDelay,
//	})
//
// Run returns nil when ctx ends it. [CheckSyntax] validates a script
// without booting.
//
// # Differences from the firmware
//
// gopher-lua is Lua 5.1: there are no integers (every number is a float64),
// and the 5.3 operators //, &, |, ~, << and >> do not parse; a script that
// uses one fails to load with an error naming the file, the line and the
// operator. The README's LuatOS compatibility table lists every function,
// what is partial and what is missing.
package luaos
