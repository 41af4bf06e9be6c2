package emulator

import (
	"context"
	"fmt"

	"github.com/air780emu/air780emu/atcmd"
)

// The serving cell, as captured with AT+CREG=2 / AT+CEREG=2 (at-commands.md
// §2, SIMLOG): tac "4844", ci "0EA2D0CA", AcT 7 (E-UTRAN). One fixed cell.
const (
	cellTAC = "4844"
	cellCI  = "0EA2D0CA"
	cellAcT = 7
)

// The network, named after the IMSI's MCC/MNC 46001 in the three AT+COPS
// formats of the manual's examples (§2 AT+COPS).
var operatorNames = [3]string{"CHN-UNICOM", "UNICOM", "46001"}

// regPrefixes are the URC and response prefixes of the three registration
// commands, indexed like modem.regN.
var regPrefixes = [3]string{"+CREG", "+CGREG", "+CEREG"}

// regTail is the location part of an n=2 registration line, present only
// while registered (27.007; §2 captures show it with stat 1).
func (m *modem) regTail(n int) string {
	if n < 2 || !m.registered() {
		return ""
	}
	return fmt.Sprintf(`,"%s","%s",%d`, cellTAC, cellCI, cellAcT)
}

// regURCs returns the registration URCs due now: one per command with n ≥ 1
// when the stat differs from the last one announced — "+CEREG: <stat>" for
// n=1, "+CEREG: <stat>,"<tac>","<ci>",<act>" for n=2 while registered
// (§2, §6.2; captured for CEREG in SIMLOG). The radio's own search after
// power-on or CFUN=1 (stat 2) is not announced: the capture of a CFUN 0→1
// cycle with n=1 shows "+CEREG: 0" then "+CEREG: 1" only. A network that
// reports stat 2 itself (SetRegistration) is announced. n=3..5 report as
// n=2 (their reject-cause and PSM fields are not modelled).
func (m *modem) regURCs() []atcmd.URC {
	st := m.stat()
	if m.phase == phaseSearching || st == m.announced {
		return nil
	}
	m.announced = st
	var out []atcmd.URC
	for i, n := range m.regN {
		if n >= 1 {
			out = append(out, atcmd.URC{Line: fmt.Sprintf("%s: %d%s", regPrefixes[i], st, m.regTail(n))})
		}
	}
	return out
}

// csq answers AT+CSQ: "+CSQ: <rssi>,<ber>" (§2, captured "+CSQ: 24,0");
// 99,99 until registered. Test form per 27.007 (inferred).
func (s *session) csq(ctx context.Context, c *atcmd.Cmd) error {
	switch c.Kind {
	case atcmd.Exec:
		rssi, ber := s.d.Signal()
		c.Info(fmt.Sprintf("+CSQ: %d,%d", rssi, ber))
		return nil
	case atcmd.Test:
		c.Info("+CSQ: (0-31,99),(0-7,99)")
		return nil
	}
	return errSyntax
}

// cesq answers AT+CESQ: "+CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>"
// (§2, captured "+CESQ: 99,99,255,255,22,48"). The GSM and UMTS fields are
// always unknown (LTE only); rsrq is the captured 22; rsrp is derived from
// rssi (inferred: RSRP ≈ RSSI − 28 dB for a 10 MHz carrier, so the index is
// 2·rssi — rssi 24 gives the captured 48).
func (s *session) cesq(ctx context.Context, c *atcmd.Cmd) error {
	switch c.Kind {
	case atcmd.Exec:
		rssi, _ := s.d.Signal()
		rsrq, rsrp := 22, min(2*rssi, 97)
		if rssi == 99 {
			rsrq, rsrp = 255, 255
		}
		c.Info(fmt.Sprintf("+CESQ: 99,99,255,255,%d,%d", rsrq, rsrp))
		return nil
	case atcmd.Test:
		c.Info("+CESQ: (0-63,99),(0-7,99),(0-96,255),(0-49,255),(0-34,255),(0-97,255)") // 27.007, inferred
		return nil
	}
	return errSyntax
}

// The registration commands (§2 AT+CREG/CGREG/CEREG): read "+CEREG: <n>,
// <stat>[,"<tac>","<ci>",<act>]", test lists as the reference gives them
// (CREG [C-man], CEREG [C-cap]; CGREG inferred like CREG), set <n>.
func (s *session) creg(ctx context.Context, c *atcmd.Cmd) error {
	return s.reg(c, regCREG, "(0,1,2,3)", 3)
}

func (s *session) cgreg(ctx context.Context, c *atcmd.Cmd) error {
	return s.reg(c, regCGREG, "(0,1,2,3)", 3)
}

func (s *session) cereg(ctx context.Context, c *atcmd.Cmd) error {
	return s.reg(c, regCEREG, "(0,1,2,3,4,5)", 5)
}

// reg is the shared body of the registration commands.
func (s *session) reg(c *atcmd.Cmd, i int, testList string, maxN int) error {
	d := s.d
	switch c.Kind {
	case atcmd.Read:
		d.mu.Lock()
		n, st, tail := d.m.regN[i], d.m.stat(), d.m.regTail(d.m.regN[i])
		d.mu.Unlock()
		c.Info(fmt.Sprintf("%s: %d,%d%s", regPrefixes[i], n, st, tail))
		return nil
	case atcmd.Test:
		c.Info(regPrefixes[i] + ": " + testList)
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	if err := maxArgs(c, 1); err != nil {
		return err
	}
	n, err := argInt(c, 0, ptr(0), 0, maxN) // "AT+CEREG=" means n=0 (27.007)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.m.regN[i] = n
	d.mu.Unlock()
	return nil
}

// cops answers AT+COPS (§2): read "+COPS: <mode>,<format>,"<oper>",7" while
// registered (manual examples: `+COPS: 0,2,"46001",7`, format 2 by default
// — the default is not captured), "+COPS: <mode>" otherwise (27.007,
// inferred; this is also the answer in CFUN 0/4). Set <mode>[,<format>
// [,<oper>[,<act>]]]: 0 automatic, 1/4 manual (only this network, by any
// of its names; another → +CME ERROR: 30, inferred), 2 deregister, 3 set the
// format only. Test per 27.007 (inferred).
func (s *session) cops(ctx context.Context, c *atcmd.Cmd) error {
	switch c.Kind {
	case atcmd.Read:
		c.Info(s.d.copsLine())
		return nil
	case atcmd.Test:
		c.Info(`+COPS: (2,"CHN-UNICOM","UNICOM","46001",7),,(0,1,2,3,4),(0,1,2)`)
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	if err := maxArgs(c, 4); err != nil {
		return err
	}
	mode, err := argInt(c, 0, nil, 0, 4)
	if err != nil {
		return err
	}
	d := s.d
	d.mu.Lock()
	format, err := argInt(c, 1, ptr(d.m.copsFormat), 0, 2)
	d.mu.Unlock()
	if err != nil {
		return err
	}
	if oper, ok := argString(c, 2); ok && (mode == 1 || mode == 4) && oper != operatorNames[format] {
		return fmt.Errorf("operator %q is not %q: %w", oper, operatorNames[format], errNoNet)
	}
	if _, err := argInt(c, 3, ptr(cellAcT), 0, 9); err != nil {
		return err
	}
	s.setCOPS(mode, format)
	return nil
}

// copsLine renders AT+COPS?.
func (d *Device) copsLine() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	mode := 0
	if d.m.copsDereg {
		mode = 2
	}
	if !d.m.registered() {
		return fmt.Sprintf("+COPS: %d", mode)
	}
	f := d.m.copsFormat
	return fmt.Sprintf(`+COPS: %d,%d,"%s",%d`, mode, f, operatorNames[f], cellAcT)
}

// setCOPS applies an AT+COPS set: mode 2 deregisters as CFUN=0 does (without
// the ME DETACH URC, inferred), 0/1/4 after a 2 register again.
func (s *session) setCOPS(mode, format int) {
	d := s.d
	d.mu.Lock()
	d.m.copsFormat = format
	if mode == 3 || (mode == 2) == d.m.copsDereg {
		d.mu.Unlock()
		return
	}
	d.m.copsDereg = mode == 2
	if mode == 2 {
		d.m.radioOff()
		urcs := d.m.regURCs()
		d.syncCellularLocked()
		d.mu.Unlock()
		s.sched.wake()
		s.emit(urcs...)
		return
	}
	gen, on := d.m.research()
	d.mu.Unlock()
	s.resume(gen, on)
}
