package luaos

import (
	"context"
	"math"
	"net"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	"github.com/air780emu/air780emu/wsclient"
)

// wsTypeName is the websocket object's metatable name (§1.1: "WS*").
const wsTypeName = "WS*"

// wsMethods are the names the object's __index resolves (§1.1); any other
// name (disconnect included) is nil.
var wsMethods = []string{"create", "on", "connect", "autoreconn", "send", "close", "ready", "headers", "debug"}

// wsObj is one websocket.create object. The VM goroutine owns every field
// but c; the pump goroutine only reads c.Events().
type wsObj struct {
	v      *vm
	c      *wsclient.Client
	ud     *lua.LUserData
	cb     lua.LValue // the wsc:on callback, nil when none
	closed bool
}

// openWebsocket installs the websocket module: the same functions serve as
// module functions and as methods (§1.1).
func (v *vm) openWebsocket() {
	L := v.L
	fns := map[string]lua.LGFunction{
		"create": v.wsCreate, "on": wsOn, "connect": wsConnect, "autoreconn": wsAutoreconn,
		"send": v.wsSend, "close": v.wsClose, "ready": wsReady, "headers": wsHeaders, "debug": wsDebug,
	}
	mod := L.NewTable()
	methods := L.NewTable()
	for _, name := range wsMethods {
		f := L.NewFunction(fns[name])
		mod.RawSetString(name, f)
		methods.RawSetString(name, f)
	}
	mt := L.NewTypeMetatable(wsTypeName)
	mt.RawSetString("__name", lua.LString(wsTypeName))
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		L.Push(methods.RawGetString(L.CheckString(2)))
		return 1
	}))
	L.SetGlobal("websocket", mod)
}

// wsCreate is websocket.create(adapter, url, keepalive, use_ipv6) (§1.2).
func (v *vm) wsCreate(L *lua.LState) int {
	adapter := v.dft
	if n, ok := L.Get(1).(lua.LNumber); ok {
		adapter = int(n)
	}
	if adapter < 0 || adapter >= adapterQty {
		return 0 // nothing, and no log (§1.2)
	}
	url := L.CheckString(2)
	opts := &wsclient.Options{
		Keepalive: wsKeepalive(L.Get(3)),
		IPv6:      L.Get(4) == lua.LTrue,
		Quirks:    v.rt.opts.Quirks,
		RecvMax:   v.rt.opts.Env.Board.WSRecvMax,
		Logf:      v.wsLog,
		Dial:      v.adapterDial(adapter),
	}
	c, err := wsclient.Create(url, opts)
	if err != nil {
		v.rt.out.clog('W', "websocket", "create fail "+err.Error())
		return 0
	}
	o := &wsObj{v: v, c: c, cb: lua.LNil}
	o.ud = L.NewUserData()
	o.ud.Value = o
	L.SetMetatable(o.ud, L.GetTypeMetatable(wsTypeName))
	v.clients[o] = struct{}{}
	v.wg.Add(1)
	go o.pump()
	L.Push(o.ud)
	return 1
}

// wsKeepalive reads create()'s keepalive: seconds, used only when it is an
// integer; 0 means the default 60; the field is uint16, so negative values
// wrap (§1.2). gopher-lua cannot tell 60.0 from 60 (both are used).
func wsKeepalive(lv lua.LValue) time.Duration {
	n, ok := lv.(lua.LNumber)
	if !ok || float64(n) != math.Trunc(float64(n)) {
		return 0
	}
	s := uint16(int64(n))
	return time.Duration(s) * time.Second
}

// adapterDial dials through adapter a's interface; an adapter the emulator
// does not model fails every connect (error "connect", then disconnect).
func (v *vm) adapterDial(a int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	i := v.iface(a)
	if i == nil {
		return func(context.Context, string, string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errNoAdapter}
		}
	}
	return i.DialContext
}

// wsLog forwards the client's C-side lines ("I/websocket ready!!") to the
// log, filtered by log.setLevel like every C-side line. Once the VM is
// ending (reboot, shutdown) the clients' closing lines are dropped: a
// rebooting device prints none.
func (v *vm) wsLog(line string) {
	if v.ctx.Err() != nil {
		return
	}
	if len(line) > 2 && line[1] == '/' && !v.rt.out.enabled(letterLevel(line[0])) {
		return
	}
	v.rt.out.line(line)
}

// checkWS returns the websocket object at argument 1.
func checkWS(L *lua.LState) *wsObj {
	ud := L.CheckUserData(1)
	o, ok := ud.Value.(*wsObj)
	if !ok {
		L.ArgError(1, "WS* expected")
	}
	return o
}

// wsOn is wsc:on(cb): replaces the callback; a non-function clears it.
func wsOn(L *lua.LState) int {
	o := checkWS(L)
	if fn, ok := L.Get(2).(*lua.LFunction); ok {
		o.cb = fn
	} else {
		o.cb = lua.LNil
	}
	return 0
}

// wsConnect is wsc:connect(): true when the connect started (§1.5).
func wsConnect(L *lua.LState) int {
	o := checkWS(L)
	L.Push(lua.LBool(!o.closed && o.c.Connect()))
	return 1
}

// wsAutoreconn is wsc:autoreconn(enable, ms): ms defaults to 3000 and is
// raised to 1000; it is not stored when enable is false (§1.9).
func wsAutoreconn(L *lua.LState) int {
	o := checkWS(L)
	ms := L.OptInt64(3, 3000)
	o.c.AutoReconn(lua.LVAsBool(L.Get(2)), time.Duration(ms)*time.Millisecond)
	return 0
}

// wsReady is wsc:ready().
func wsReady(L *lua.LState) int {
	o := checkWS(L)
	L.Push(lua.LBool(!o.closed && o.c.Ready()))
	return 1
}

// wsDebug is wsc:debug(on): booleans only; a no-op after close (§1.11).
func wsDebug(L *lua.LState) int {
	o := checkWS(L)
	if b, ok := L.Get(2).(lua.LBool); ok && !o.closed {
		o.c.SetDebug(bool(b))
	}
	return 0
}

// wsHeaders is wsc:headers(tbl | str): true on success, nothing otherwise
// (§1.10). A table's pairs go in gopher-lua's iteration order (the
// firmware's is hash order).
func wsHeaders(L *lua.LState) int {
	o := checkWS(L)
	var err error
	switch x := L.Get(2).(type) {
	case lua.LString:
		err = o.c.SetHeaderString(string(x))
	case *lua.LTable:
		var pairs [][2]string
		x.ForEach(func(k, val lua.LValue) {
			pairs = append(pairs, [2]string{luatlib.FormatValue(k), luatlib.FormatValue(val)})
		})
		err = o.c.SetHeaders(pairs)
	default:
		return 0
	}
	if err != nil {
		return 0
	}
	L.Push(lua.LTrue)
	return 1
}
