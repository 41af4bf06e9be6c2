package luaos

import (
	"context"
	"errors"
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	"github.com/air780emu/air780emu/netif"
)

// vm is one boot of the Lua VM. Everything here is owned by the goroutine
// that runs it (the boot loop), except wg and what the pumps read under
// their own locks.
type vm struct {
	rt     *machine
	L      *lua.LState
	ctx    context.Context
	cancel context.CancelFunc
	gen    uint64
	start  time.Time

	local   []message // posted by the VM itself
	pending *message  // look-ahead from the bus
	timers  timerSet
	wake    *time.Timer

	rebootReq  bool
	internalID int64
	logStyleN  int
	replOff    bool                     // repl.enable(false)
	dft        int                      // socket.dft()
	nets       map[netif.Name]*netWatch // per interface: last published up/down, pending changes
	announced  map[netif.Name]bool      // IP_READY published and not lost since
	wg         sync.WaitGroup           // websocket pumps
	netCancel  []func()                 // the netif subscriptions (watchNet)
	clients    map[*wsObj]struct{}
	uartCB     map[int]map[string]lua.LValue // id → "receive"/"sent" → fn
}

// luaOptions are the small growable registry settings of baselines.md §4
// (86 KiB per state instead of 170 KiB).
var luaOptions = lua.Options{
	CallStackSize:       120,
	RegistrySize:        1024,
	RegistryMaxSize:     1024 * 20,
	MinimizeStackMemory: true,
	SkipOpenLibs:        true,
}

// newVM builds a fresh Lua state with the LuatOS libraries. The error is
// a library failing to open (or ctx ending meanwhile); the VM must still
// be closed.
func (rt *machine) newVM(ctx context.Context) (*vm, error) {
	vctx, cancel := context.WithCancel(ctx)
	v := &vm{
		rt: rt, ctx: vctx, cancel: cancel, gen: rt.gen, start: time.Now(),
		timers: newTimerSet(), wake: time.NewTimer(time.Hour), dft: adapterGP,
		clients: map[*wsObj]struct{}{}, uartCB: map[int]map[string]lua.LValue{},
	}
	v.wake.Stop()
	v.pending, rt.carry = rt.carry, nil
	rt.out.level.Store(levelDebug)
	for id, d := range rt.ports {
		d.reset(v.gen)
		rt.repl[id].reset()
	}
	v.L = lua.NewState(luaOptions)
	v.L.SetContext(vctx)
	v.L.Push(v.L.NewFunction(func(*lua.LState) int { v.openLibs(); return 0 }))
	if err := v.L.PCall(0, 0, nil); err != nil {
		return v, luaError(err)
	}
	v.watchNet()
	return v, nil
}

// openLibs opens gopher-lua's standard libraries (without its channel
// library, which LuatOS lacks), luatlib's extras and the runtime's own.
func (v *vm) openLibs() {
	L := v.L
	for _, lib := range []struct {
		name string
		fn   lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable}, {lua.IoLibName, lua.OpenIo},
		{lua.OsLibName, lua.OpenOs}, {lua.StringLibName, lua.OpenString},
		{lua.MathLibName, lua.OpenMath}, {lua.DebugLibName, lua.OpenDebug},
		{lua.CoroutineLibName, lua.OpenCoroutine},
	} {
		L.Push(L.NewFunction(lib.fn))
		L.Push(lua.LString(lib.name))
		L.Call(1, 0)
	}
	p := v.rt.opts.Env.Board
	luatlib.Open(L, &luatlib.Env{
		Model: p.Name, HWVersion: p.HWVersion, BSP: bspName(p), Firmware: p.LuatOSFirmware(),
		ScriptDir: v.rt.proj.dir, Luadb: v.rt.proj.image, DataDir: v.rt.dataDir,
		Logf: func(level byte, tag, msg string) { v.rt.out.clog(level, tag, msg) },
	})
	v.openLua53()
	v.openLog()
	v.openRtos()
	v.openSocket()
	v.openMobile()
	v.openWebsocket()
	v.openUART()
	v.openREPL()
	v.installRequire()
	v.openSys()
}

// close ends the boot: the context first (pumps blocked on the bus give
// up), then the websocket clients (their event channels close), then the
// waits.
func (v *vm) close() {
	v.cancel()
	if v.pending != nil && v.pending.gen == 0 {
		v.rt.carry = v.pending // REPL input read ahead survives the reboot
	}
	for _, c := range v.netCancel {
		c()
	}
	for o := range v.clients {
		o.shutdown()
	}
	v.wg.Wait()
	v.timers.clear()
	v.wake.Stop()
	v.L.Close()
}

// runMain loads and runs main.lua; the error is what escaped the script.
func (v *vm) runMain() error {
	fn, err := v.loadChunk(v.rt.proj.main, v.rt.proj.mainName)
	if err != nil {
		return err
	}
	v.L.Push(fn)
	if err := v.L.PCall(0, 0, nil); err != nil {
		return luaError(err)
	}
	return nil
}

// luaError reduces a gopher-lua error to its message, as the firmware's
// "E/main <msg>" line shows it (the traceback is part of the message only
// when the script put it there).
func luaError(err error) error {
	var ae *lua.ApiError
	if errors.As(err, &ae) && ae.Object != nil {
		return errors.New(ae.Object.String())
	}
	return err
}

// uptime is the VM's clock in milliseconds.
func (v *vm) uptime() int64 { return time.Since(v.start).Milliseconds() }

// publish calls the global sys_pub(id, args...) as C code does (§3.2).
// Errors propagate: this runs inside rtos.receive.
func (v *vm) publish(id string, args ...lua.LValue) {
	fn, ok := v.L.GetGlobal("sys_pub").(*lua.LFunction)
	if !ok {
		return
	}
	v.L.Push(fn)
	v.L.Push(lua.LString(id))
	for _, a := range args {
		v.L.Push(a)
	}
	v.L.Call(1+len(args), 0)
}
