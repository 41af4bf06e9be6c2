package luaos

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
)

// uart ids the emulator models (§3.8, §5): UART1 is the host's serial
// port, VUART_0 the USB port; UART2 exists with nothing attached.
const (
	uart1  = 1
	uart2  = 2
	vuart0 = 0x20
)

func (v *vm) openUART() {
	L := v.L
	t := L.NewTable()
	for name, fn := range map[string]lua.LGFunction{
		"setup": v.uartSetup, "on": v.uartOn, "read": v.uartRead, "write": v.uartWrite,
		"close": v.uartClose, "exist": v.uartExist,
	} {
		t.RawSetString(name, L.NewFunction(fn))
	}
	for name, n := range map[string]int{"VUART_0": 0x20, "VUART_1": 0x21, "VUART_2": 0x22,
		"None": 0, "Odd": 1, "Even": 2, "LSB": 0, "MSB": 1} {
		t.RawSetString(name, lua.LNumber(n))
	}
	L.SetGlobal("uart", t)
}

// uartExist is uart.exist(id).
func (v *vm) uartExist(L *lua.LState) int {
	id := L.CheckInt(1)
	L.Push(lua.LBool(id == uart1 || id == uart2 || id == vuart0))
	return 1
}

// uartSetup is uart.setup(id, baud, data, stop, parity, order, buf, ...):
// 0 on success. On UART1 or VUART_0 it takes the port from the REPL (§3.9:
// setup on the REPL port disables the REPL) until the next boot. Line
// settings are accepted and not modelled (a PTY has no baud rate). An
// unknown id returns -1 (inferred).
func (v *vm) uartSetup(L *lua.LState) int {
	id := L.CheckInt(1)
	switch id {
	case uart1, vuart0:
		v.rt.ports[id].claim(L.OptInt(7, defaultUARTBuf))
	case uart2:
	default:
		L.Push(lua.LNumber(-1))
		return 1
	}
	L.Push(lua.LNumber(0))
	return 1
}

// uartOn is uart.on(id, "receive"|"sent", fn); a non-function clears.
func (v *vm) uartOn(L *lua.LState) int {
	id := L.CheckInt(1)
	ev := L.CheckString(2)
	if v.uartCB[id] == nil {
		v.uartCB[id] = map[string]lua.LValue{}
	}
	if fn, ok := L.Get(3).(*lua.LFunction); ok {
		v.uartCB[id][ev] = fn
	} else {
		delete(v.uartCB[id], ev)
	}
	return 0
}

// uartRead is uart.read(id, len): the buffered bytes, possibly "".
func (v *vm) uartRead(L *lua.LState) int {
	id := L.CheckInt(1)
	n := L.OptInt(2, defaultUARTBuf)
	d, ok := v.rt.ports[id]
	if !ok {
		L.Push(lua.LString(""))
		return 1
	}
	L.Push(lua.LString(d.read(n)))
	return 1
}

// uartWrite is uart.write(id, data): the number of bytes written. data is
// a string or a zbuff. The "sent" callback follows on a later loop turn.
// UART2 has nothing attached: its bytes go nowhere, as on a bare board.
func (v *vm) uartWrite(L *lua.LState) int {
	id := L.CheckInt(1)
	var data []byte
	switch x := L.Get(2).(type) {
	case *lua.LUserData:
		data, _ = luatlib.ZbuffBytes(x)
	default:
		data = []byte(L.CheckString(2))
	}
	n := 0
	switch id {
	case uart1:
		n = v.rt.uart.write(data)
	case vuart0:
		v.rt.out.usbWrite(data)
		n = len(data)
	case uart2:
		n = len(data)
	}
	if fn, ok := v.uartCB[id]["sent"].(*lua.LFunction); ok {
		v.postLocal(func(v *vm) { v.callUART(fn, id) })
	}
	L.Push(lua.LNumber(n))
	return 1
}

// uartClose is uart.close(id): the callbacks go; the port stays taken from
// the REPL until the next boot (§3.9: close on the REPL port disables it
// too), and its input keeps buffering for uart.read.
func (v *vm) uartClose(L *lua.LState) int {
	delete(v.uartCB, L.CheckInt(1))
	return 0
}

// uartNotify runs the receive callback (id, len) on the main thread.
func (v *vm) uartNotify(id int) {
	n := v.rt.ports[id].ack()
	if fn, ok := v.uartCB[id]["receive"].(*lua.LFunction); ok && n > 0 {
		v.callUART(fn, id, lua.LNumber(n))
	}
}

// callUART calls a uart callback unprotected (errors end the VM, as any
// native callback's do).
func (v *vm) callUART(fn *lua.LFunction, id int, extra ...lua.LValue) {
	v.L.Push(fn)
	v.L.Push(lua.LNumber(id))
	for _, x := range extra {
		v.L.Push(x)
	}
	v.L.Call(1+len(extra), 0)
}
