package luaos

import (
	"net/netip"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/netif"
)

// Adapter numbers at the studied commit (luatos-semantics.md §3.5).
const (
	adapterGP   = 1  // socket.LWIP_GP, cellular, the default
	adapterSTA  = 2  // socket.LWIP_STA
	adapterAP   = 3  // socket.LWIP_AP
	adapterETH0 = 17 // socket.ETH0
	adapterQty  = 19 // NW_ADAPTER_QTY, create()'s upper bound
)

// adapterIface maps the adapters the emulator models to interfaces; the
// other numbers are valid but have no interface (never ready).
var adapterIface = map[int]netif.Name{adapterGP: netif.LWIPGP, adapterSTA: netif.STA, adapterAP: netif.AP, adapterETH0: netif.ETH0}

// ifaceAdapter is the reverse of adapterIface.
func ifaceAdapter(n netif.Name) int {
	for a, name := range adapterIface {
		if name == n {
			return a
		}
	}
	return 0
}

// iface returns the interface of adapter a, or nil.
func (v *vm) iface(a int) *netif.Interface {
	name, ok := adapterIface[a]
	if !ok {
		return nil
	}
	return v.rt.net.Interface(name)
}

// adapterReady reports whether adapter a exists and is up.
func (v *vm) adapterReady(a int) bool {
	i := v.iface(a)
	return i != nil && i.Up()
}

func (v *vm) openSocket() {
	L := v.L
	t := L.NewTable()
	consts := map[string]int{
		"LWIP_GP": adapterGP, "LWIP_STA": adapterSTA, "LWIP_AP": adapterAP, "LWIP_ETH": 4, "LWIP_SPI": 5,
		"LWIP_GP_GW": 15, "LWIP_USB": 16, "ETH0": adapterETH0,
		// The seed documentation's names (not in the firmware, §3.5).
		"STA": adapterSTA, "AP": adapterAP,
		// Event constants, computed from the enum (§3.5).
		"LINK": 0x02000010, "ON_LINE": 0x02000011, "TX_OK": 0x02000012, "CLOSED": 0x02000013, "EVENT": 0x02000014,
	}
	for i := 0; i < 8; i++ {
		consts["LWIP_USER"+string(rune('0'+i))] = 7 + i
	}
	for name, n := range consts {
		t.RawSetString(name, lua.LNumber(n))
	}
	for name, fn := range map[string]lua.LGFunction{
		"adapter": v.socketAdapter, "dft": v.socketDft, "localIP": v.socketLocalIP,
		"setDNS": v.socketSetDNS, "sntp": v.socketSNTP,
	} {
		t.RawSetString(name, L.NewFunction(fn))
	}
	L.SetGlobal("socket", t)
}

// socketAdapter is socket.adapter([id]): (ready, id) for a valid id; with
// none, (true, first ready id) or (false, QTY-1).
func (v *vm) socketAdapter(L *lua.LState) int {
	if n, ok := L.Get(1).(lua.LNumber); ok && n >= 1 && int(n) < adapterQty {
		L.Push(lua.LBool(v.adapterReady(int(n))))
		L.Push(n)
		return 2
	}
	for a := 1; a < adapterQty; a++ {
		if v.adapterReady(a) {
			L.Push(lua.LTrue)
			L.Push(lua.LNumber(a))
			return 2
		}
	}
	L.Push(lua.LFalse)
	L.Push(lua.LNumber(adapterQty - 1))
	return 2
}

// socketDft is socket.dft([id]): sets the default adapter when id < QTY;
// returns (default, last registered adapter). The last registered adapter
// is ETH0 here, the highest the emulator models (inferred). Switching the
// default to another modelled adapter that is up publishes its IP_READY on
// the next loop turn, standing in for its netdrv bring-up (emulator; the
// PC simulator does the same for ETH0, §3.5).
func (v *vm) socketDft(L *lua.LState) int {
	if n, ok := L.Get(1).(lua.LNumber); ok && n >= 0 && int(n) < adapterQty {
		if int(n) != v.dft && v.adapterReady(int(n)) {
			name := adapterIface[int(n)]
			v.postLocal(func(v *vm) { v.announce(name) })
		}
		v.dft = int(n)
	}
	L.Push(lua.LNumber(v.dft))
	L.Push(lua.LNumber(adapterETH0))
	return 2
}

// socketLocalIP is socket.localIP([adapter]): ip, netmask, gateway (and a
// nil IPv6), or nothing when the adapter is down. Netmask and gateway are
// inferred (/24, .1).
func (v *vm) socketLocalIP(L *lua.LState) int {
	a := L.OptInt(1, v.dft)
	i := v.iface(a)
	if i == nil || !i.Up() || !i.Addr().IsValid() {
		return 0
	}
	ip := i.Addr()
	gw := ip
	if ip.Is4() {
		b := ip.As4()
		b[3] = 1
		gw = netip.AddrFrom4(b)
	}
	L.Push(lua.LString(ip.String()))
	L.Push(lua.LString("255.255.255.0"))
	L.Push(lua.LString(gw.String()))
	L.Push(lua.LNil)
	return 4
}

// socketSetDNS is socket.setDNS(adapter, idx, ip): accepted and recorded in
// the log at debug level; lookups keep using the interface's resolver
// (the -hosts map, then the host's).
func (v *vm) socketSetDNS(L *lua.LState) int {
	v.rt.out.clog('D', "socket", "setDNS "+L.ToString(3)+" (emulator: recorded only)")
	L.Push(lua.LTrue)
	return 1
}

// socketSNTP is socket.sntp(): the host clock is the time source, so it
// publishes NTP_UPDATE on the next loop turn (an emulator simplification).
func (v *vm) socketSNTP(L *lua.LState) int {
	v.postLocal(func(v *vm) { v.publish("NTP_UPDATE") })
	return 0
}
