package luaos

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/netif"
)

// Registration states of mobile.status() (luatos-semantics.md §3.6).
var mobileConsts = map[string]int{
	"UNREGISTER": 0, "REGISTERED": 1, "SEARCH": 2, "DENIED": 3, "UNKNOW": 4,
	"REGISTERED_ROAMING": 5, "SMS_ONLY_REGISTERED": 6, "SMS_ONLY_REGISTERED_ROAMING": 7,
	"EMERGENCY_REGISTERED": 8, "CSFB_NOT_PREFERRED_REGISTERED": 9, "CSFB_NOT_PREFERRED_REGISTERED_ROAMING": 10,
}

func (v *vm) openMobile() {
	L := v.L
	env := v.rt.opts.Env
	t := L.NewTable()
	str := func(s string) lua.LGFunction {
		return func(L *lua.LState) int { L.Push(lua.LString(s)); return 1 }
	}
	num := func(f func() int) lua.LGFunction {
		return func(L *lua.LState) int { L.Push(lua.LNumber(f())); return 1 }
	}
	for name, fn := range map[string]lua.LGFunction{
		"imei":   str(env.Identity.IMEI),
		"imsi":   str(env.Identity.IMSI),
		"iccid":  str(env.Identity.ICCID),
		"csq":    num(v.csq),
		"rssi":   num(func() int { return rssiOf(v.csq()) }),
		"rsrp":   num(func() int { return rsrpOf(v.csq()) }),
		"rsrq":   num(func() int { return -10 }),
		"snr":    num(func() int { return 15 }),
		"eci":    num(func() int { return 0x0A1B2C3 }),
		"tac":    num(func() int { return 0x1234 }),
		"enbid":  num(func() int { return 0x0A1B2C3 >> 8 }),
		"status": num(v.mobileStatus),
	} {
		t.RawSetString(name, L.NewFunction(fn))
	}
	for name, n := range mobileConsts {
		t.RawSetString(name, lua.LNumber(n))
	}
	L.SetGlobal("mobile", t)
}

// csq is the modem model's signal quality, 0..31 or 99 (unknown).
func (v *vm) csq() int {
	if f := v.rt.opts.Env.CSQ; f != nil {
		return f()
	}
	return 25
}

// rssiOf converts CSQ to dBm (27.007: -113 + 2·csq); unknown or failure is
// 0, as mobile.rssi() returns on failure (§3.6).
func rssiOf(csq int) int {
	if csq < 0 || csq > 31 {
		return 0
	}
	return -113 + 2*csq
}

// rsrpOf estimates RSRP from CSQ, kept inside -140..-44 (inferred: an LTE
// RSRP sits about 20 dB under RSSI for a 20 MHz carrier's one RB share).
func rsrpOf(csq int) int {
	r := rssiOf(csq)
	if r == 0 {
		return 0
	}
	return max(-140, min(-44, r-20))
}

// mobileStatus is mobile.status(): Env.Status, or 1 (registered) while
// LWIP_GP is up and 2 (searching) while it is down (inferred).
func (v *vm) mobileStatus() int {
	if f := v.rt.opts.Env.Status; f != nil {
		return f()
	}
	if i := v.rt.net.Interface(netif.LWIPGP); i != nil && i.Up() {
		return 1
	}
	return 2
}
