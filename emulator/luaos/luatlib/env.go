package luatlib

import (
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Env is what the libraries need to know about the emulated device.
// The zero value works: identity strings are empty, the file system is
// unavailable (io calls fail with an error, never touch the host) and
// nothing is logged.
type Env struct {
	// Model, HWVersion, BSP and Firmware are the board's identity as
	// hmeta.model(), hmeta.hwver() report them (BSP and Firmware are kept
	// for the runtime's rtos library; luatlib only stores them).
	Model, HWVersion, BSP, Firmware string
	// ScriptDir is the project folder. Its files are visible read-only at
	// /luadb/<basename>, flattened as Luatools does (subfolders vanish).
	ScriptDir string
	// Luadb, when non-nil, is the script image's index (basename → host
	// path, as ScanLuadb builds it) and ScriptDir is not scanned: the
	// runtime passes the index its require uses, so both see one image.
	// It is read, never modified.
	Luadb map[string]string
	// DataDir is the root of the writable file system: "/x" maps to
	// DataDir/x. Empty means no writable file system.
	DataDir string
	// Logf receives the lines the stand-in libraries emit (level is one of
	// 'D', 'I', 'W', 'E'). These are the emulator's own lines, not firmware
	// output. Nil discards them.
	Logf func(level byte, tag, msg string)
	// Now is the clock used by os.time/os.date; nil means time.Now.
	Now func() time.Time
	// Location is the device's local time zone for os.date without "!"
	// (the firmware: UTC plus the RTC zone, §3.8). Nil means UTC.
	Location *time.Location
	// Recorder, when set, receives every hardware request the stand-in
	// libraries (gpio, pm, wdt, pins) see, for tests and the control API.
	Recorder *Recorder
}

// Open opens every library of this package into L's globals: tostring
// (LuatOS number formatting), json, bit, bit32, the string extras and
// string.pack/unpack, os (C89 date, device paths), io (device file
// layout, also used by loadfile and dofile), zbuff, hmeta, gpio, pm, wdt
// and pins. It expects gopher-lua's base, string, os and io libraries to
// be open already (lua.NewState does that) and replaces the parts that
// differ on the device. Call it on the goroutine that owns L.
func Open(L *lua.LState, env *Env) {
	if env == nil {
		env = &Env{}
	}
	OpenTostring(L, env)
	OpenJSON(L, env)
	OpenBit(L, env)
	OpenString(L, env)
	OpenOS(L, env)
	OpenIO(L, env)
	OpenZbuff(L, env)
	OpenHmeta(L, env)
	OpenGPIO(L, env)
	OpenPM(L, env)
	OpenWDT(L, env)
	OpenPins(L, env)
}

// now returns the environment's clock reading.
func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// location returns the device's local zone.
func (e *Env) location() *time.Location {
	if e.Location != nil {
		return e.Location
	}
	return time.UTC
}

// logf forwards a stand-in library line to the hook, if any.
func (e *Env) logf(level byte, tag, msg string) {
	if e.Logf != nil {
		e.Logf(level, tag, msg)
	}
}

// module returns the global table name, creating it when absent, so that
// libraries extending an existing table (string, os, io) and new ones share
// one helper.
func module(L *lua.LState, name string) *lua.LTable {
	if t, ok := L.GetGlobal(name).(*lua.LTable); ok {
		return t
	}
	t := L.NewTable()
	L.SetGlobal(name, t)
	return t
}

// setFuncs registers fns into t.
func setFuncs(L *lua.LState, t *lua.LTable, fns map[string]lua.LGFunction) {
	for name, fn := range fns {
		t.RawSetString(name, L.NewFunction(fn))
	}
}
