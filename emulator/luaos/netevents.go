package luaos

import (
	"sync"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/netif"
)

// netWatch carries one interface's up/down changes from the netif Set's
// dispatcher to the VM. The dispatcher is one goroutine shared by every
// subscriber of the Set, so event never blocks: it records the change and
// puts at most one notice on the bus (as uartDev does for UART input),
// handing the post to a goroutine when the bus is full.
//
// Coalescing, while the VM is slow to take the changes: pend holds at most
// two transitions relative to state, the state last published to the
// script. A net change is delivered as one transition; a return to the
// published state (down then up, any number of times) as one pair, so the
// script still sees IP_LOSE then IP_READY (its sockets did break) and ends
// in the interface's final state. Intermediate flaps are dropped.
type netWatch struct {
	name netif.Name

	mu       sync.Mutex
	state    bool   // last state published to the script (VM side)
	pend     []bool // transitions not yet delivered, alternating, at most 2
	notified bool   // a notice is on the bus or the VM's own queue
}

// event records a change seen by the dispatcher and reports whether a
// notice must be posted.
func (w *netWatch) event(up bool) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	cur := w.state
	if n := len(w.pend); n > 0 {
		cur = w.pend[n-1]
	}
	switch {
	case up == cur:
		return false
	case len(w.pend) < 2:
		w.pend = append(w.pend, up)
	default: // [x, !x] + x: back to the first change
		w.pend = w.pend[:1]
	}
	notify := !w.notified
	w.notified = true
	return notify
}

// take pops the next transition for the VM; more reports that others
// remain (the notice then stays pending).
func (w *netWatch) take() (up, ok, more bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pend) == 0 {
		w.notified = false
		return false, false, false
	}
	up = w.pend[0]
	w.pend = append(w.pend[:0], w.pend[1:]...)
	more = len(w.pend) > 0
	w.notified = more
	return up, true, more
}

// set records the published state and reports whether it changed.
func (w *netWatch) set(up bool) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.state == up {
		return false
	}
	w.state = up
	return true
}

// watchNet publishes IP_READY(ip, adapter) and IP_LOSE(adapter) from the
// interfaces' up/down events (§3.5), and IP_READY for the default adapter
// at boot, after Options.NetReadyDelay, when it is up. Each interface's
// last published state suppresses repeats. The subscriptions never block
// the netif dispatcher (see netWatch).
func (v *vm) watchNet() {
	v.nets = map[netif.Name]*netWatch{}
	v.announced = map[netif.Name]bool{}
	for _, n := range netif.Names {
		i := v.rt.net.Interface(n)
		if i == nil {
			continue
		}
		w := &netWatch{name: n, state: n != netif.LWIPGP && i.Up()}
		v.nets[n] = w
		cancel := i.Subscribe(func(e netif.Event) {
			if w.event(e.Up) {
				v.notifyNet(w)
			}
		})
		v.netCancel = append(v.netCancel, cancel)
	}
	if gp := v.rt.net.Interface(netif.LWIPGP); gp != nil && gp.Up() {
		v.afterFunc(v.rt.opts.NetReadyDelay, func() { v.netChanged(netif.LWIPGP, gp.Up()) })
	}
}

// notifyNet puts w's notice on the bus without blocking the caller (the
// dispatcher): when the bus is full, a goroutine waits for room or for the
// boot's end. There is at most one per interface (w.notified).
func (v *vm) notifyNet(w *netWatch) {
	run := func(v *vm) { v.netDeliver(w) }
	select {
	case v.rt.queue <- message{at: time.Now(), gen: v.gen, run: run}:
	default:
		go func() { _ = v.rt.post(v.ctx, v.gen, run) }()
	}
}

// netDeliver publishes w's next pending transition, one per loop turn.
func (v *vm) netDeliver(w *netWatch) {
	up, ok, more := w.take()
	if more {
		v.postLocal(func(v *vm) { v.netDeliver(w) })
	}
	if ok {
		v.netChanged(w.name, up)
	}
}

// netChanged publishes an interface's new state if it differs from the
// last one published. The default (cellular) interface starts "down" until
// its boot IP_READY; the others start in their current state, unannounced
// (their netdrv is not modelled), and are announced on each transition.
func (v *vm) netChanged(n netif.Name, up bool) {
	w := v.nets[n]
	if w == nil || !w.set(up) {
		return
	}
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
		if w := v.nets[n]; w != nil {
			w.mu.Lock()
			w.state = false
			w.mu.Unlock()
		}
		v.netChanged(n, true)
	}
}
