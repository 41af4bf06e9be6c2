package emulator

import (
	"time"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/netif"
)

// coupling makes the cellular interface's state drive the radio side of the
// modem model (DESIGN.md "Network interfaces": "cellular down ⇒ +CEREG
// URCs, +CGEV: NW PDN DEACT 1, …; back up ⇒ the reverse"). The core already
// drives the other direction (netlink.go: LWIP_GP is up exactly while cid 1
// is active), so a down that the modem caused itself (CFUN 0/4, SIM loss) is
// recognised by the model no longer being attached, and ignored.
type coupling struct {
	s      *session
	iface  *netif.Interface
	lost   bool // guarded by Device.mu: LWIP_GP fell under an attached modem
	cancel func()
}

// startCoupling subscribes to LWIP_GP. Each event only queues a reconcile
// step on the session's scheduler: the step runs on the scheduler's one
// goroutine, after any step in progress. That matters because the core's
// attach step marks the model attached and only then brings LWIP_GP up; a
// check run between the two would see "attached but down" and take it for
// an outage. Run in order on the scheduler, it sees the finished state.
func (s *session) startCoupling() *coupling {
	c := &coupling{s: s, iface: s.d.net.Interface(netif.LWIPGP), cancel: func() {}}
	if c.iface != nil {
		c.cancel = c.iface.Subscribe(func(netif.Event) { c.schedule() })
	}
	return c
}

// schedule queues a reconcile step.
func (c *coupling) schedule() {
	if c.iface != nil {
		c.s.sched.add(step{due: time.Now(), gen: -1, run: func() []atcmd.URC { return c.reconcile() }})
	}
}

// recheck makes the coupling look at LWIP_GP again. The core may call it
// after it attached and brought LWIP_GP up: if a netif outage (down= in
// the interface's config) kept the interface down, no event follows, and
// only this tells the model that the network is not there. Nil-safe.
func (w *wsService) recheck() {
	if w != nil && w.link != nil {
		w.link.schedule()
	}
}

// stop ends the subscription; idempotent.
func (c *coupling) stop() { c.cancel() }

// reconcile brings the model in line with the interface's current state
// (not the event's: events may have been overtaken) and returns the URCs.
func (c *coupling) reconcile() []atcmd.URC {
	d := c.s.d
	d.mu.Lock()
	if d.sess != c.s {
		d.mu.Unlock()
		return nil
	}
	// Read the state under the device lock: the core changes the model and
	// LWIP_GP together under it (netlink.go), so both are seen in one step.
	up := c.iface.Up()
	var urcs []atcmd.URC
	forceDown := false
	switch {
	case !up:
		urcs = c.linkDown()
	case c.lost && d.m.canRegister():
		urcs = c.linkUp()
	case !d.m.canRegister():
		forceDown = true // radio off or no SIM: no bearer to come up
	}
	c.s.bearerChangedLocked()
	d.mu.Unlock()
	if forceDown {
		d.setCellular(false)
	}
	return urcs
}

// linkDown: the network went away under an attached modem. Registration is
// lost (stat 0 so the n≥1 URCs announce it; CGATT 0; CSQ 99,99) and the
// PDN with "+CGEV: NW PDN DEACT 1" (at-commands.md §6.2 [C-cap NW]); the
// order PDN-then-registration is inferred. radioOff bumps the radio
// generation, so a pending attach step of the core does not run into the
// outage. Caller holds Device.mu.
func (c *coupling) linkDown() []atcmd.URC {
	m := &c.s.d.m
	if !m.attached() {
		return nil
	}
	c.lost = true
	m.radioOff()
	return append(urc("+CGEV: NW PDN DEACT 1"), m.regURCs()...)
}

// linkUp: the network is back after an outage: registered again, cid 1
// active, "+CGEV: ME PDN ACT 1" (§6.1's form; that the module re-announces
// the PDN this way after a network loss is inferred). Caller holds
// Device.mu.
func (c *coupling) linkUp() []atcmd.URC {
	d := c.s.d
	c.lost = false
	if d.m.attached() {
		return nil // the core re-attached meanwhile (CFUN=1 during the outage)
	}
	d.m.gen++
	d.m.phase = phaseAttached
	d.m.activateDefault(d.cellAddr)
	return append(d.m.regURCs(), urc("+CGEV: ME PDN ACT 1")...)
}
