package luaos

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/netif"
)

// watchNet publishes IP_READY(ip, adapter) and IP_LOSE(adapter) from the
// interfaces' up/down events (§3.5), and IP_READY for the default adapter
// at boot, after Options.NetReadyDelay, when it is up. Each interface's
// last published state suppresses repeats.
func (v *vm) watchNet() {
	v.netState = map[netif.Name]bool{}
	v.announced = map[netif.Name]bool{}
	for _, n := range netif.Names {
		i := v.rt.net.Interface(n)
		if i == nil {
			continue
		}
		v.netState[n] = n != netif.LWIPGP && i.Up()
		cancel := i.Subscribe(func(e netif.Event) {
			_ = v.rt.post(v.ctx, v.gen, func(v *vm) { v.netChanged(e.Iface, e.Up) })
		})
		v.netCancel = append(v.netCancel, cancel)
	}
	if gp := v.rt.net.Interface(netif.LWIPGP); gp != nil && gp.Up() {
		v.afterFunc(v.rt.opts.NetReadyDelay, func() { v.netChanged(netif.LWIPGP, gp.Up()) })
	}
}

// netChanged publishes an interface's new state if it differs from the
// last one published. The default (cellular) interface starts "down" until
// its boot IP_READY; the others start in their current state, unannounced
// (their netdrv is not modelled), and are announced on each transition.
func (v *vm) netChanged(n netif.Name, up bool) {
	if v.netState[n] == up {
		return
	}
	v.netState[n] = up
	v.announced[n] = up
	a := ifaceAdapter(n)
	if !up {
		v.publish("IP_LOSE", lua.LNumber(a))
		return
	}
	ip := ""
	if i := v.rt.net.Interface(n); i != nil && i.Addr().IsValid() {
		ip = i.Addr().String()
	}
	v.publish("IP_READY", lua.LString(ip), lua.LNumber(a))
}

// announce publishes IP_READY for an interface that is up, once per boot
// unless it went down in between.
func (v *vm) announce(n netif.Name) {
	if v.announced[n] {
		return
	}
	if i := v.rt.net.Interface(n); i != nil && i.Up() {
		v.netState[n] = false
		v.netChanged(n, true)
	}
}
