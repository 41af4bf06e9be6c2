package luatlib

import (
	"fmt"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
)

// HWEvent is one hardware request a stand-in library received.
type HWEvent struct {
	Lib, Func string // e.g. "gpio", "setup"
	Args      []string
}

// String renders the event as the emulator's log line text.
func (e HWEvent) String() string {
	return strings.TrimSpace(e.Func + " " + strings.Join(e.Args, " "))
}

// Recorder keeps the hardware requests of the stand-in libraries. It is
// safe for concurrent use (the VM goroutine records, tests and the control
// API read).
type Recorder struct {
	mu     sync.Mutex
	events []HWEvent // ring of at most maxRecorded
	head   int       // index of the oldest event once the ring is full
}

// maxRecorded bounds a Recorder; older events are dropped first (they are
// also in the log, so nothing is lost silently).
const maxRecorded = 4096

// Record appends one event.
func (r *Recorder) Record(e HWEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.events) < maxRecorded {
		r.events = append(r.events, e)
		return
	}
	r.events[r.head] = e
	r.head = (r.head + 1) % maxRecorded
}

// Events returns a copy of the recorded events, oldest first.
func (r *Recorder) Events() []HWEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]HWEvent, 0, len(r.events))
	out = append(out, r.events[r.head:]...)
	return append(out, r.events[:r.head]...)
}

// hw is the shared state of the stand-ins of one Lua state.
type hw struct {
	env    *Env
	levels map[int64]int // last level per GPIO pin
}

// record logs and records a request: "I/<lib> <func> <args>" through
// Env.Logf (the emulator's own line, not firmware output).
func (h *hw) record(lib, fn string, args ...any) {
	e := HWEvent{Lib: lib, Func: fn}
	for _, a := range args {
		e.Args = append(e.Args, fmt.Sprint(a))
	}
	if h.env.Recorder != nil {
		h.env.Recorder.Record(e)
	}
	h.env.logf('I', lib, e.String())
}

// hwFor returns the state's stand-in hardware, creating it once per L.
func hwFor(L *lua.LState, env *Env) *hw {
	if env == nil {
		env = &Env{}
	}
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	const key = "luatlib.hw"
	if ud, ok := reg.RawGetString(key).(*lua.LUserData); ok {
		if h, ok := ud.Value.(*hw); ok {
			return h
		}
	}
	h := &hw{env: env, levels: map[int64]int{}}
	ud := L.NewUserData()
	ud.Value = h
	reg.RawSetString(key, ud)
	return h
}

// OpenHmeta opens hmeta: model() and hwver() from Env.
func OpenHmeta(L *lua.LState, env *Env) {
	if env == nil {
		env = &Env{}
	}
	mod := module(L, "hmeta")
	setFuncs(L, mod, map[string]lua.LGFunction{
		"model": func(L *lua.LState) int { L.Push(lua.LString(env.Model)); return 1 },
		"hwver": func(L *lua.LState) int { L.Push(lua.LString(env.HWVersion)); return 1 },
	})
}

// OpenPM opens the pm stand-in: request, force, power, dtimerStart,
// dtimerStop, shutdown, check, lastReson and the mode constants. Requests
// are recorded; they return success.
func OpenPM(L *lua.LState, env *Env) {
	h := hwFor(L, env)
	mod := module(L, "pm")
	ok := func(fn string) lua.LGFunction {
		return func(L *lua.LState) int {
			h.record("pm", fn, luaArgs(L)...)
			L.Push(lua.LTrue)
			return 1
		}
	}
	for _, fn := range []string{"request", "force", "power", "dtimerStart", "dtimerStop", "shutdown", "ioVol", "wakeupPin"} {
		mod.RawSetString(fn, L.NewFunction(ok(fn)))
	}
	mod.RawSetString("check", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LTrue)
		L.Push(lua.LNumber(0))
		L.Push(lua.LNumber(0))
		return 3
	}))
	mod.RawSetString("lastReson", L.NewFunction(func(L *lua.LState) int {
		for i := 0; i < 3; i++ {
			L.Push(lua.LNumber(0))
		}
		return 3
	}))
	// inferred values (LuatOS pm docs: IDLE, LIGHT, DEEP, HIB)
	for name, v := range map[string]int{"IDLE": 0, "LIGHT": 1, "DEEP": 2, "HIB": 3, "NONE": 0} {
		mod.RawSetString(name, lua.LNumber(v))
	}
}

// OpenWDT opens the wdt stand-in: init, feed, setTimeout, close → true.
func OpenWDT(L *lua.LState, env *Env) {
	h := hwFor(L, env)
	mod := module(L, "wdt")
	for _, fn := range []string{"init", "feed", "setTimeout", "close"} {
		name := fn
		mod.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			if name != "feed" { // feeding is periodic: record, do not log each time
				h.record("wdt", name, luaArgs(L)...)
			} else if h.env.Recorder != nil {
				h.env.Recorder.Record(HWEvent{Lib: "wdt", Func: "feed"})
			}
			L.Push(lua.LTrue)
			return 1
		}))
	}
}

// OpenPins opens the pins stand-in: setup, loadjson, debug → true.
func OpenPins(L *lua.LState, env *Env) {
	h := hwFor(L, env)
	mod := module(L, "pins")
	for _, fn := range []string{"setup", "loadjson", "debug"} {
		name := fn
		mod.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			h.record("pins", name, luaArgs(L)...)
			L.Push(lua.LTrue)
			return 1
		}))
	}
}

// luaArgs renders the call's arguments with LuatOS formatting.
func luaArgs(L *lua.LState) []any {
	out := make([]any, 0, L.GetTop())
	for i := 1; i <= L.GetTop(); i++ {
		out = append(out, FormatValue(L.Get(i)))
	}
	return out
}
