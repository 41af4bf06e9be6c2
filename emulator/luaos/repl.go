package luaos

import (
	"encoding/hex"

	lua "github.com/yuin/gopher-lua"
)

// replState is one port's REPL: the framing parser (which survives a
// reboot: the host's byte stream does) and the shell's echo flag (which
// does not).
type replState struct {
	parser replParser
	echo   bool
}

func (s *replState) reset() { s.echo = false }

// openREPL installs the repl library (§3.9): enable(bool) returns true only
// if the REPL was disabled before (the firmware's inverted result), push
// feeds input as if it came from the USB port, print is a no-op.
func (v *vm) openREPL() {
	L := v.L
	t := L.NewTable()
	t.RawSetString("enable", L.NewFunction(func(L *lua.LState) int {
		wasOff := v.replOff
		if b, ok := L.Get(1).(lua.LBool); ok {
			v.replOff = !bool(b)
		}
		L.Push(lua.LBool(wasOff))
		return 1
	}))
	t.RawSetString("push", L.NewFunction(func(L *lua.LState) int {
		data := []byte(L.CheckString(1))
		v.postLocal(func(v *vm) { v.replInput(vuart0, data) }) // runs on a later loop turn
		return 0
	}))
	t.RawSetString("print", L.NewFunction(func(*lua.LState) int { return 0 }))
	L.SetGlobal("repl", t)
}

// replInput frames bytes that arrived on port id while the REPL serves it
// and runs each input, in order, on the main thread.
func (v *vm) replInput(id int, data []byte) {
	if v.replOff || v.rt.ports[id].isClaimed() {
		v.rt.opts.Logger.Debug("luaos: REPL input ignored (REPL disabled or port claimed)", "port", id, "bytes", len(data))
		return
	}
	st := v.rt.repl[id]
	for _, it := range st.parser.feed(data) {
		if st.echo && it.raw != "" {
			v.replWrite(id, it.raw+"\r\n")
		}
		switch it.kind {
		case itemError:
			v.replWrite(id, it.text+"\r\n")
		case itemShell:
			v.shell(id, it.text)
		default:
			v.replRun(id, it.text)
		}
	}
}

// replRun loads text as the chunk "repl" and runs it under pcall; only an
// error is written back, as "<message>\r\n" (§3.9). Results are not printed.
func (v *vm) replRun(id int, text string) {
	fn, err := v.compile([]byte(text), "repl", chunkName("repl"))
	if err == nil {
		v.L.Push(fn)
		err = v.L.PCall(0, 0, nil)
		if v.ctx.Err() != nil {
			v.L.RaiseError("VM stopped") // rtos.reboot or shutdown inside the chunk
		}
	}
	if err != nil {
		v.replWrite(id, luaError(err).Error()+"\r\n")
	}
}

// shell answers the legacy shell's small AT set (at-commands.md §7):
// AT → OK, ATI → the firmware string, ATE0/ATE1 → echo off/on, AT+RESET and
// AT+ECRST → OK and a reboot, AT+CGSN → +CGSN=<unique id in hex>; anything
// else ERR. The unique id is the IMEI's digits in hex (inferred: the chip
// UID is not modelled).
func (v *vm) shell(id int, cmd string) {
	st := v.rt.repl[id]
	switch cmd {
	case "AT":
		v.replWrite(id, "OK\r\n")
	case "ATI":
		v.replWrite(id, v.rt.opts.Env.Board.LuatOSFirmware()+"\r\n")
	case "ATE0", "ATE1":
		st.echo = cmd == "ATE1"
		v.replWrite(id, "OK\r\n")
	case "AT+CGSN":
		v.replWrite(id, "+CGSN="+hex.EncodeToString([]byte(v.rt.opts.Env.Identity.IMEI))+"\r\n")
	case "AT+RESET", "AT+ECRST":
		v.replWrite(id, "OK\r\n")
		v.rtosReboot(v.L)
	default:
		v.replWrite(id, "ERR\r\n")
	}
}

// replWrite writes an answer to the port the input came from.
func (v *vm) replWrite(id int, s string) {
	if id == uart1 {
		v.rt.uart.write([]byte(s))
		return
	}
	v.rt.out.usbWrite([]byte(s))
}
