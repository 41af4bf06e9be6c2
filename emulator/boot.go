package emulator

import (
	"fmt"
	"time"

	"github.com/air780emu/air780emu/atcmd"
)

// DefaultBoot returns the realistic boot timing. The captures in
// at-commands.md §6.1 give the order of the boot URCs but not their times,
// so the numbers are inferred: RDY about 1.5 s after power-on (the Hezhou
// flow has the host retry AT "2 or 3 times" before it answers, §2 AT), then
// LTE service and the default PDN within about a second, and the network
// time last.
func DefaultBoot() BootTiming {
	return BootTiming{
		RDY:     1500 * time.Millisecond,
		Mode:    2000 * time.Millisecond,
		Service: 2100 * time.Millisecond,
		PDN:     2500 * time.Millisecond,
		NITZ:    3000 * time.Millisecond,
	}
}

// NoBoot returns a timing with every boot URC at power-on (tests).
func NoBoot() *BootTiming { return &BootTiming{} }

// validate requires non-negative delays in boot order.
func (b BootTiming) validate() error {
	seq := []time.Duration{0, b.RDY, b.Mode, b.Service, b.PDN, b.NITZ}
	for i := 1; i < len(seq); i++ {
		if seq[i] < seq[i-1] {
			return fmt.Errorf("emulator: boot timing %+v: delays must be non-negative and in the order RDY, Mode, Service, PDN, NITZ", b)
		}
	}
	return nil
}

// powerOn is power-on and reboot: the AT&W profile is restored, the modem
// model reset to fun, and the boot URCs scheduled (§6.1). It runs before
// Serve or on the engine goroutine (a handler's After).
func (s *session) powerOn(fun int) {
	s.ws.reset() // a rebooted module has no websocket clients (nil-safe)
	d := s.d
	d.mu.Lock()
	d.m.powerOn(fun)
	d.m.ipr, d.m.csdt = d.saved.IPR, d.saved.CSDT
	settings, gen := d.saved.Settings, d.m.gen
	if d.m.canRegister() {
		d.m.phase = phaseSearching
	}
	d.syncCellularLocked() // down until the PDN step
	d.mu.Unlock()
	if d.boot.RDY > 0 {
		s.uart.Store(false) // deaf until RDY (gate.go)
	}
	s.sched.wake() // the generation moved: drop the old boot's steps
	s.eng.SetSettings(settings)
	t0 := time.Now()
	s.at(t0.Add(d.boot.RDY), gen, s.rdyStep(gen))
	s.scheduleAttach(t0, gen, "+CGEV: ME PDN ACT 1") // §6.1, the older logs' form
}

// rdyStep prints "RDY" (§6.1) and, with a PIN-locked SIM, "+CPIN: SIM PIN"
// (the manual says the module reports it after boot, §6.1 [C-man]).
func (s *session) rdyStep(gen int) func() []atcmd.URC {
	return func() []atcmd.URC {
		d := s.d
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.m.gen != gen {
			return nil
		}
		s.uart.Store(true)
		if d.m.simPresent && !d.m.pinOK {
			return urc("RDY", "+CPIN: SIM PIN")
		}
		return urc("RDY")
	}
}

// scheduleAttach schedules the registration URCs of §6.1 at base plus the
// boot delays: "^MODE: 17,17", "+E_UTRAN Service" (registered), pdnLine
// (attached, cid 1 active) and "+NITZ: …". Each step checks again that the
// radio may register, so a missing SIM or CFUN=0 stops the sequence.
func (s *session) scheduleAttach(base time.Time, gen int, pdnLine string) {
	b := s.d.boot
	s.at(base.Add(b.Mode), gen, s.radioStep(gen, func(m *modem) []atcmd.URC {
		return urc("^MODE: 17,17")
	}))
	s.at(base.Add(b.Service), gen, s.radioStep(gen, func(m *modem) []atcmd.URC {
		m.phase = phaseRegistered
		return append(urc("+E_UTRAN Service"), m.regURCs()...)
	}))
	s.at(base.Add(b.PDN), gen, s.radioStep(gen, func(m *modem) []atcmd.URC {
		m.phase = phaseAttached
		m.activateDefault(s.d.cellAddr)
		return urc(pdnLine)
	}))
	s.at(base.Add(b.NITZ), gen, s.radioStep(gen, func(m *modem) []atcmd.URC {
		m.clockOff, m.tz = 0, defaultTZ // the network's time replaces the RTC's
		return urc(formatNITZ(s.d.clock(), m.tz))
	}))
}

// radioStep wraps f: it runs under the device lock, only while gen is
// current and the radio may register; LWIP_GP follows the model.
func (s *session) radioStep(gen int, f func(m *modem) []atcmd.URC) func() []atcmd.URC {
	return func() []atcmd.URC {
		d := s.d
		d.mu.Lock()
		if d.m.gen != gen || !d.m.canRegister() {
			d.mu.Unlock()
			return nil
		}
		out := f(&d.m)
		d.syncCellularLocked()
		s.bearerChangedLocked()
		d.mu.Unlock()
		s.ws.recheck() // a netif outage (down= in the config) may have kept LWIP_GP down
		return out
	}
}

// rebaseAttach schedules the attach sequence for a radio that is switched on
// while the module is already running (AT+CFUN=1, PIN entered, SIM
// inserted): the boot delays measured from RDY, and the PDN line in the
// form captured after AT+CFUN=1 (§2 SIMLOG).
func (s *session) rebaseAttach(gen int) {
	s.scheduleAttach(time.Now().Add(-s.d.boot.RDY), gen, "+CGEV: ME PDN ACT 1,0")
}

// resume follows modem.research once Device.mu is released: the scheduler
// drops the old generation's steps and, if the radio searches, the attach
// sequence follows.
func (s *session) resume(gen int, on bool) {
	s.sched.wake()
	if on {
		s.rebaseAttach(gen)
	}
}
