package emulator

import (
	"fmt"

	"github.com/air780emu/air780emu/atcmd"
)

// The world's events: the control API and the Lua runtime change the SIM and
// the network through these; a running module reacts with URCs.

// SetSIM inserts or removes the SIM. With AT+CSDT=1 the module reports the
// change as "+CPIN: SIM REMOVED 0" / "+CPIN: READY 0" (captured, at-commands.md
// §6.2; "+CPIN: SIM PIN 0" for a locked SIM is inferred). Removal loses
// registration and the PDN ("+CGEV: ME DETACH" and the registration URCs,
// inferred); insertion with the radio on registers again with the §2
// CFUN=1 URCs (inferred).
// It fails with ErrBacklog while the host is not reading.
func (d *Device) SetSIM(present bool) error {
	d.mu.Lock()
	s := d.sess
	if s != nil && s.sched.full() {
		d.mu.Unlock()
		return ErrBacklog
	}
	if d.m.simPresent == present {
		d.mu.Unlock()
		return nil
	}
	d.m.simPresent = present
	d.m.pinOK = d.m.pin == ""
	if s == nil {
		d.mu.Unlock()
		return nil
	}
	var urcs []atcmd.URC
	if d.m.csdt == 1 {
		urcs = urc(cpinHotplug(present, d.m.pinOK))
	}
	wasOn := d.m.phase != phaseOff
	d.m.radioOff()
	gen, on := d.m.gen, d.m.canRegister()
	if on {
		d.m.phase = phaseSearching
	}
	if wasOn {
		urcs = append(urcs, urc("+CGEV: ME DETACH")...)
	}
	urcs = append(urcs, d.m.regURCs()...)
	d.syncCellularLocked()
	d.mu.Unlock()
	s.sched.wake()
	s.emit(urcs...)
	if on {
		s.rebaseAttach(gen)
	}
	return nil
}

// cpinHotplug is the AT+CSDT=1 URC for a SIM change.
func cpinHotplug(present, unlocked bool) string {
	switch {
	case !present:
		return "+CPIN: SIM REMOVED 0"
	case unlocked:
		return "+CPIN: READY 0"
	}
	return "+CPIN: SIM PIN 0"
}

// SetRegistration sets the registration stat the network grants: 0 not
// registered, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming (§2). It
// shows once the radio has registered; a change of the reported stat emits
// the registration URCs (n ≥ 1). Leaving 1/5 while attached drops the PDN
// with "+CGEV: NW PDN DEACT 1" (§6.2 [C-cap]) and coming back restores it
// with "+CGEV: ME PDN ACT 1" (inferred). It fails with ErrBacklog while
// the host is not reading.
func (d *Device) SetRegistration(stat int) error {
	if stat < 0 || stat > 5 {
		return fmt.Errorf("emulator: registration stat %d out of range 0..5", stat)
	}
	d.mu.Lock()
	if d.sess != nil && d.sess.sched.full() {
		d.mu.Unlock()
		return ErrBacklog
	}
	wasAtt := d.m.attached()
	d.m.netStat = stat
	isAtt := d.m.attached()
	s := d.sess
	var urcs []atcmd.URC
	if s != nil {
		if wasAtt && !isAtt {
			urcs = urc("+CGEV: NW PDN DEACT 1")
		}
		urcs = append(urcs, d.m.regURCs()...)
		if !wasAtt && isAtt {
			urcs = append(urcs, urc("+CGEV: ME PDN ACT 1")...)
		}
		d.syncCellularLocked() // a powered-off device leaves the interfaces alone
	}
	d.mu.Unlock()
	if s != nil {
		s.emit(urcs...)
	}
	return nil
}
