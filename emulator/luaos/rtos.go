package luaos

import (
	"math"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/boards"
)

// rtos message ids (luatos-semantics.md §3.7).
const (
	msgTimer   = 1
	infTimeout = -1
)

// bspName is rtos.bsp(): "EC618" on Air780E, the model name on the EC7xx
// boards (§3.7; the EC7xx form follows the docs' "Air780EPM" example).
func bspName(p boards.Profile) string {
	if p.Platform == "EC618" {
		return "EC618"
	}
	return p.Name
}

// memEstimate is what rtos.meminfo reports as used Lua heap: a fixed
// stand-in (gopher-lua cannot measure one state's heap; the Go heap is
// shared by every device).
const memEstimate = 64 * 1024

func (v *vm) openRtos() {
	L := v.L
	p := v.rt.opts.Env.Board
	t := L.NewTable()
	funcs := map[string]lua.LGFunction{
		"bsp":      func(L *lua.LState) int { L.Push(lua.LString(bspName(p))); return 1 },
		"firmware": func(L *lua.LState) int { L.Push(lua.LString(p.LuatOSFirmware())); return 1 },
		"version":  rtosVersion(p),
		"meminfo":  rtosMeminfo(p),
		"buildDate": func(L *lua.LState) int {
			L.Push(lua.LString(buildDate))
			return 1
		},
		"reboot":         v.rtosReboot,
		"timer_start":    v.rtosTimerStart,
		"timer_stop":     v.rtosTimerStop,
		"receive":        v.rtosReceive,
		"setPaths":       func(*lua.LState) int { return 0 },
		"autoCollectMem": func(*lua.LState) int { return 0 },
		"nop":            func(*lua.LState) int { return 0 },
	}
	for name, fn := range funcs {
		t.RawSetString(name, L.NewFunction(fn))
	}
	t.RawSetString("INF_TIMEOUT", lua.LNumber(infTimeout))
	t.RawSetString("MSG_TIMER", lua.LNumber(msgTimer))
	L.SetGlobal("rtos", t)
}

// buildDate is rtos.buildDate(): __DATE__ of the studied firmware (§3.7).
const buildDate = "Aug  3 2026"

// rtosVersion is rtos.version([true]): the BSP version, and with true also
// the firmware type number (0, inferred) and 32 (a 32-bit VM, §3.7).
func rtosVersion(p boards.Profile) lua.LGFunction {
	return func(L *lua.LState) int {
		L.Push(lua.LString(p.LuatOSVersion))
		if L.ToBool(1) {
			L.Push(lua.LNumber(0))
			L.Push(lua.LNumber(32))
			return 3
		}
		return 1
	}
}

// rtosMeminfo is rtos.meminfo([type]): total, used, max_used. total is the
// board's Lua heap (§5) for "lua"; used is a stand-in (memEstimate).
func rtosMeminfo(p boards.Profile) lua.LGFunction {
	return func(L *lua.LState) int {
		total := p.LuaHeap
		switch L.OptString(1, "lua") {
		case "sys":
			total = 1280 * 1024 // inferred: "about 1.25 MB of RAM" (§5, third-party)
		case "psram":
			total = 0
		}
		used := min(memEstimate, total)
		L.Push(lua.LNumber(total))
		L.Push(lua.LNumber(used))
		L.Push(lua.LNumber(used))
		return 3
	}
}

// rtosReboot ends this boot at once; the boot loop starts the next one
// without the "VM exit" line or delay.
func (v *vm) rtosReboot(L *lua.LState) int {
	v.rebootReq = true
	v.cancel()
	L.RaiseError("rtos.reboot")
	return 0
}

// checkInteger is luaL_checkinteger under Lua 5.3: a float without an
// integer value raises "number has no integer representation".
func checkInteger(L *lua.LState, n int, fname string) int64 {
	f := float64(L.CheckNumber(n))
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		L.RaiseError("bad argument #%d to '%s' (number has no integer representation)", n, fname)
	}
	return int64(f)
}

// rtosTimerStart is rtos.timer_start(id, ms[, repeat]): 1 when armed, 0
// when ms < 1 (§3.2). repeat -1 repeats forever; n > 0 fires n more times
// (inferred from the C signature; sys uses 0 and -1 only).
func (v *vm) rtosTimerStart(L *lua.LState) int {
	id := checkInteger(L, 1, "timer_start")
	ms := checkInteger(L, 2, "timer_start")
	repeat := 0
	if L.GetTop() >= 3 && L.Get(3) != lua.LNil {
		repeat = int(checkInteger(L, 3, "timer_start"))
	}
	if ms < 1 {
		L.Push(lua.LNumber(0))
		return 1
	}
	v.timers.start(id, time.Duration(ms)*time.Millisecond, repeat, nil)
	L.Push(lua.LNumber(1))
	return 1
}

// rtosTimerStop is rtos.timer_stop(id).
func (v *vm) rtosTimerStop(L *lua.LState) int {
	v.timers.stop(checkInteger(L, 1, "timer_stop"))
	return 0
}

// rtosReceive is rtos.receive(timeout): it waits for one event. A timer
// returns (MSG_TIMER, id); a native message runs its handler here, on the
// main thread, and returns nothing, as does a timeout (§3.2).
func (v *vm) rtosReceive(L *lua.LState) int {
	var until time.Time
	if ms := L.OptInt64(1, infTimeout); ms >= 0 {
		until = time.Now().Add(time.Duration(ms) * time.Millisecond)
	}
	ev, ok := v.next(until)
	switch {
	case !ok:
		L.RaiseError("VM stopped")
	case ev.msg != nil:
		ev.msg.run(v)
	case ev.timer != nil && ev.timer.fn != nil:
		ev.timer.fn()
	case ev.timer != nil:
		L.Push(lua.LNumber(msgTimer))
		L.Push(lua.LNumber(ev.timer.id))
		return 2
	}
	return 0
}

// afterFunc arms an internal timer (negative ids, invisible to Lua) that
// runs fn on the VM goroutine after d.
func (v *vm) afterFunc(d time.Duration, fn func()) {
	v.internalID--
	v.timers.start(v.internalID, d, 0, fn)
}
