package emulator

import (
	"context"
	"fmt"

	"github.com/air780emu/air780emu/atcmd"
)

// cfun answers AT+CFUN (at-commands.md §2): read "+CFUN: <fun>", test
// "+CFUN: (0,1,4),(0,1)", set <fun>[,<rst>].
//
//   - rst=1 (AT+CFUN=1,1): OK, then a reboot into <fun> (§2: "AT+CFUN=1,1 also
//     reboots"; 27.007 resets before setting fun, so 0,1 and 4,1 come back
//     with the radio off — inferred).
//   - 1 → 0 or 4: OK, then "+CGEV: ME DETACH" (captured for 0, §2 SIMLOG) and
//     the registration URCs where n ≥ 1; LWIP_GP goes down. Flight mode 4
//     behaves exactly as 0 (inferred: the two differ only in the SIM being
//     powered, which no AT command here can observe).
//   - 0/4 → 1: OK, then "^MODE: 17,17", "+E_UTRAN Service",
//     "+CGEV: ME PDN ACT 1,0", "+NITZ: …" (captured, §2 SIMLOG) at the boot
//     delays measured from RDY.
//   - 0 ↔ 4 or the same fun again: OK, nothing else (inferred).
func (s *session) cfun(ctx context.Context, c *atcmd.Cmd) error {
	switch c.Kind {
	case atcmd.Read:
		c.Info(fmt.Sprintf("+CFUN: %d", s.d.cfunNow()))
		return nil
	case atcmd.Test:
		c.Info("+CFUN: (0,1,4),(0,1)")
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	if err := maxArgs(c, 2); err != nil {
		return err
	}
	fun, err := argInt(c, 0, nil, 0, 0, 0, 1, 4)
	if err != nil {
		return err
	}
	rst, err := argInt(c, 1, ptr(0), 0, 1)
	if err != nil {
		return err
	}
	if rst == 1 {
		c.After(func() { s.powerOn(fun) })
		return nil
	}
	s.setFun(fun)
	return nil
}

// cfunNow returns the CFUN level.
func (d *Device) cfunNow() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.m.cfun
}

// setFun changes the functionality level of a running module.
func (s *session) setFun(fun int) {
	d := s.d
	d.mu.Lock()
	was := d.m.cfun
	if was == fun || was != 1 && fun != 1 {
		d.m.cfun = fun
		d.mu.Unlock()
		return
	}
	d.m.cfun = fun
	if fun != 1 {
		wasOn := d.m.phase != phaseOff
		d.m.radioOff()
		urcs := d.m.regURCs()
		d.syncCellularLocked()
		d.mu.Unlock()
		s.sched.wake()
		if wasOn {
			urcs = append(urc("+CGEV: ME DETACH"), urcs...)
		}
		s.emit(urcs...)
		return
	}
	gen, on := d.m.research()
	d.mu.Unlock()
	s.resume(gen, on)
}

// reset answers AT+RESET: OK, then a reboot with the boot URCs (§2, §6.1;
// captured in SIMLOG and DRV780EP). The bootloader's "^boot.rom'v'!" noise
// of the captures is not reproduced (its bytes vary between boots).
func (s *session) reset(ctx context.Context, c *atcmd.Cmd) error {
	if c.Kind == atcmd.Test {
		return nil // inferred: test form answers OK, like AT+CGMR=? (§2)
	}
	if c.Kind != atcmd.Exec {
		return errSyntax
	}
	c.After(func() { s.powerOn(1) })
	return nil
}

// Reboot restarts a running module as AT+RESET does: the AT&W profile is
// restored and the boot URCs follow. It runs on the engine's goroutine,
// between commands. Without a running ServeAT it does nothing.
func (d *Device) Reboot(ctx context.Context) error {
	d.mu.Lock()
	s := d.sess
	d.mu.Unlock()
	if s == nil {
		return nil
	}
	return s.eng.Submit(ctx, func(context.Context) { s.powerOn(1) })
}
