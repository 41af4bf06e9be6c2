package luatlib

import (
	lua "github.com/yuin/gopher-lua"
)

// gpioMaxPin bounds pin numbers (GPIO max 47 on EC718, §5; the stand-in
// accepts 0..255 so every board's numbering fits).
const gpioMaxPin = 255

// OpenGPIO opens the gpio stand-in. gpio.setup(pin, mode [, pull [, irq]])
// records "setup pin N mode output|input|irq" and returns a function: for
// an output (mode 0/1) it sets the level, otherwise it reads it.
// gpio.set/get/toggle/close/setDefaultPull/debounce are recorded; get
// returns the last level set (inputs: 1 with PULLUP, else 0). Constants
// are LuatOS's names (values inferred: LOW 0, HIGH 1, PULLUP 1,
// PULLDOWN 2, RISING 0, FALLING 1, BOTH 2).
func OpenGPIO(L *lua.LState, env *Env) {
	h := hwFor(L, env)
	mod := module(L, "gpio")
	setFuncs(L, mod, map[string]lua.LGFunction{
		"setup":  h.gpioSetup,
		"set":    h.gpioSet,
		"get":    h.gpioGet,
		"toggle": h.gpioToggle,
		"close": func(L *lua.LState) int {
			pin := gpioPin(L, "close")
			delete(h.levels, pin)
			h.record("gpio", "close", "pin", pin)
			return 0
		},
		"setDefaultPull": func(L *lua.LState) int { h.record("gpio", "setDefaultPull", luaArgs(L)...); return 0 },
		"debounce":       func(L *lua.LState) int { h.record("gpio", "debounce", luaArgs(L)...); return 0 },
	})
	for name, v := range map[string]int{"LOW": 0, "HIGH": 1, "PULLUP": 1, "PULLDOWN": 2,
		"RISING": 0, "FALLING": 1, "BOTH": 2} {
		mod.RawSetString(name, lua.LNumber(v))
	}
}

func gpioPin(L *lua.LState, fname string) int64 {
	return checkInteger(L, 1, fname, 0, gpioMaxPin)
}

func level(v lua.LValue) int {
	if n, ok := v.(lua.LNumber); ok && n != 0 {
		return 1
	}
	if v == lua.LTrue {
		return 1
	}
	return 0
}

func (h *hw) gpioSetup(L *lua.LState) int {
	pin := gpioPin(L, "setup")
	mode := L.Get(2)
	switch mode.(type) {
	case lua.LNumber:
		h.levels[pin] = level(mode)
		h.record("gpio", "setup", "pin", pin, "mode", "output", "level", h.levels[pin])
		L.Push(L.NewFunction(func(L *lua.LState) int {
			h.levels[pin] = level(L.Get(1))
			return 0
		}))
		return 1
	case *lua.LFunction:
		h.record("gpio", "setup", "pin", pin, "mode", "irq")
	default:
		h.record("gpio", "setup", "pin", pin, "mode", "input")
	}
	if _, set := h.levels[pin]; !set {
		h.levels[pin] = 0
		if p, ok := L.Get(3).(lua.LNumber); ok && p == 1 {
			h.levels[pin] = 1
		}
	}
	L.Push(L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LNumber(h.levels[pin]))
		return 1
	}))
	return 1
}

func (h *hw) gpioSet(L *lua.LState) int {
	pin := gpioPin(L, "set")
	h.levels[pin] = level(L.Get(2))
	h.record("gpio", "set", "pin", pin, "level", h.levels[pin])
	return 0
}

func (h *hw) gpioGet(L *lua.LState) int {
	L.Push(lua.LNumber(h.levels[gpioPin(L, "get")]))
	return 1
}

func (h *hw) gpioToggle(L *lua.LState) int {
	pin := gpioPin(L, "toggle")
	h.levels[pin] ^= 1
	h.record("gpio", "toggle", "pin", pin, "level", h.levels[pin])
	return 0
}
