package luaos

import (
	"errors"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	"github.com/air780emu/air780emu/wsclient"
)

// errNoAdapter fails the connects of an adapter the emulator lacks.
var errNoAdapter = errors.New("luaos: adapter not present")

// wsSend is wsc:send(data, fin, opt) (§1.6). Spec quirks: fin defaults to
// 1 (0 begins/continues a fragmented message), opt 0 text, 1 binary.
// Firmware quirks: FIN is always 1 and the fin slot (the call's third
// argument) selects binary when it is 1. data is a string (numbers are
// coerced) or a zbuff (its used bytes); anything else logs
// "D/websocket only support string or zbuff" and returns nothing.
func (v *vm) wsSend(L *lua.LState) int {
	o := checkWS(L)
	var data []byte
	switch x := L.Get(2).(type) {
	case lua.LString:
		data = []byte(x)
	case lua.LNumber:
		data = []byte(luatlib.FormatValue(x))
	case *lua.LUserData:
		b, ok := luatlib.ZbuffBytes(x)
		if !ok {
			v.rt.out.clog('D', "websocket", "only support string or zbuff")
			return 0
		}
		data = b
	default:
		v.rt.out.clog('D', "websocket", "only support string or zbuff")
		return 0
	}
	fin, opcode := true, 0
	if v.rt.opts.Quirks == wsclient.Firmware {
		if n, ok := L.Get(3).(lua.LNumber); ok && n == 1 {
			opcode = 1
		}
	} else {
		fin = L.OptInt(3, 1) != 0
		opcode = L.OptInt(4, 0)
	}
	if o.closed {
		v.rt.out.clog('I', "websocket", "not ready yet")
		L.Push(lua.LFalse)
		return 1
	}
	L.Push(lua.LBool(o.c.Send(data, fin, opcode) == nil))
	return 1
}

// wsClose is wsc:close(): no close frame, no disconnect event after it;
// closing twice logs "already closed" (§1.11, the client logs it).
func (v *vm) wsClose(L *lua.LState) int {
	o := checkWS(L)
	o.cb = lua.LNil
	o.closed = true
	delete(v.clients, o)
	_ = o.c.Close()
	return 0
}

// shutdown closes the client at the end of the VM's life.
func (o *wsObj) shutdown() {
	o.cb = lua.LNil
	o.closed = true
	_ = o.c.Close()
}

// pump moves the client's events onto the VM's bus, one message per event
// (backpressure: a full bus stops the pump, which stops the client reading).
func (o *wsObj) pump() {
	defer o.v.wg.Done()
	for ev := range o.c.Events() {
		if o.v.rt.post(o.v.ctx, o.v.gen, func(v *vm) { o.deliver(ev) }) != nil {
			return
		}
	}
}

// deliver runs the callback for one event on the main thread, unprotected
// (an error ends the VM, §1.4): conack (wsc, "conack"), then
// sys_pub("WEBSOCKET_CONNACK", wsc); recv (wsc, "recv", data, fin 0|1,
// opcode); sent; disconnect; error (wsc, "error", kind, 0). Without a
// callback, or after close, the event is dropped as on the device.
func (o *wsObj) deliver(ev wsclient.Event) {
	fn, ok := o.cb.(*lua.LFunction)
	if !ok || o.closed {
		return
	}
	L := o.v.L
	args := []lua.LValue{o.ud}
	switch ev.Kind {
	case wsclient.Conack:
		args = append(args, lua.LString("conack"))
	case wsclient.Recv:
		fin := 0
		if ev.Fin {
			fin = 1
		}
		args = append(args, lua.LString("recv"), lua.LString(ev.Data), lua.LNumber(fin), lua.LNumber(ev.Opcode))
	case wsclient.Sent:
		args = append(args, lua.LString("sent"))
	case wsclient.Disconnect:
		args = append(args, lua.LString("disconnect"))
	case wsclient.Error:
		args = append(args, lua.LString("error"), lua.LString(ev.ErrKind), lua.LNumber(0))
	default:
		return
	}
	L.Push(fn)
	for _, a := range args {
		L.Push(a)
	}
	L.Call(len(args), 0)
	if ev.Kind == wsclient.Conack {
		o.v.publish("WEBSOCKET_CONNACK", o.ud)
	}
}
