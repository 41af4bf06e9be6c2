package emulator

import (
	"context"
	"fmt"
	"slices"

	"github.com/air780emu/air780emu/atcmd"
)

// defaultIPR is the Air780E's fixed 115200 (at-commands.md §1.1, HW-UART:
// "不支持自适应波特率", no autobaud; §8.1).
const defaultIPR = 115200

// iprRates are the rates AT+IPR accepts: the manual's test list
// "(600,…,230400),(0,600,…,921600)" (§1.1) with its elided middle filled with
// the standard rates (inferred). 0 (autobaud) is accepted and remembered but,
// as the Air780E has no autobaud (§1.1), means nothing to the emulator.
var iprRates = []int{0, 600, 1200, 2400, 4800, 9600, 14400, 19200, 28800, 38400,
	57600, 115200, 230400, 460800, 921600}

// validIPR reports whether rate is one AT+IPR accepts.
func validIPR(rate int) bool { return slices.Contains(iprRates, rate) }

// ipr answers AT+IPR (§1.1): set <rate> → OK; read "+IPR: <rate>" (the
// form is the manual's; "+IPR: 115200" on a real 780E is unverified, §8.1);
// test per the manual. Saved by AT&W ("AT+IPR=x;&W", §1.1). The new rate
// is reported by Device.IPR; ports that can change speed apply it.
func (s *session) ipr(ctx context.Context, c *atcmd.Cmd) error {
	d := s.d
	switch c.Kind {
	case atcmd.Read:
		d.mu.Lock()
		r := d.m.ipr
		d.mu.Unlock()
		c.Info(fmt.Sprintf("+IPR: %d", r))
		return nil
	case atcmd.Test:
		c.Info("+IPR: (600,1200,2400,4800,9600,14400,19200,28800,38400,57600,115200,230400)," +
			"(0,600,1200,2400,4800,9600,14400,19200,28800,38400,57600,115200,230400,460800,921600)")
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	if err := maxArgs(c, 1); err != nil {
		return err
	}
	r, err := argInt(c, 0, nil, 0, 0, iprRates...)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.m.ipr = r
	d.mu.Unlock()
	return nil
}

// andW answers AT&W: the profile (engine settings, IPR, CSDT) is saved —
// to Config.StatePath when set, else for the life of the Device — and a
// reboot restores it (§2 AT&W). A failed write answers ERROR (inferred)
// and keeps the old profile.
func (s *session) andW(ctx context.Context, c *atcmd.Cmd) error {
	if !profileZero(c) {
		return errSyntax
	}
	d := s.d
	d.mu.Lock()
	p := profile{Version: profileVersion, Settings: s.eng.Settings(), IPR: d.m.ipr, CSDT: d.m.csdt}
	d.mu.Unlock()
	if d.cfg.StatePath != "" {
		if err := saveProfile(d.cfg.StatePath, p); err != nil {
			d.log.Error("AT&W failed", "err", err)
			return atcmd.ErrError
		}
	}
	d.mu.Lock()
	d.saved = p
	d.mu.Unlock()
	return nil
}

// profileZero reports the forms AT&W and AT&F accept: bare, or with V.250
// profile 0 (AT&W0, AT&F0).
func profileZero(c *atcmd.Cmd) bool {
	return c.Kind == atcmd.Exec || c.Kind == atcmd.Set && len(c.Args) == 1 && c.Args[0].Text == "0"
}

// andF answers AT&F: factory settings for this session (§2 AT&F); the saved
// profile is untouched. The OK already uses the factory framing (V.250).
func (s *session) andF(ctx context.Context, c *atcmd.Cmd) error {
	if !profileZero(c) {
		return errSyntax
	}
	f := factoryProfile()
	s.eng.SetSettings(f.Settings)
	d := s.d
	d.mu.Lock()
	d.m.ipr, d.m.csdt = f.IPR, f.CSDT
	d.mu.Unlock()
	return nil
}

// csdtCmd answers AT+CSDT (SIM detection, §2 names; the URCs it enables are
// captured, §6.2): set 0/1, read "+CSDT: <n>", test "+CSDT: (0,1)"
// (read/test forms inferred).
func (s *session) csdtCmd(ctx context.Context, c *atcmd.Cmd) error {
	d := s.d
	switch c.Kind {
	case atcmd.Read:
		d.mu.Lock()
		n := d.m.csdt
		d.mu.Unlock()
		c.Info(fmt.Sprintf("+CSDT: %d", n))
		return nil
	case atcmd.Test:
		c.Info("+CSDT: (0,1)")
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	if err := maxArgs(c, 1); err != nil {
		return err
	}
	n, err := argInt(c, 0, nil, 0, 1)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.m.csdt = n
	d.mu.Unlock()
	return nil
}

// cclk answers AT+CCLK (§2): read `+CCLK: "yy/MM/dd,hh:mm:ss±zz"`, set
// the same form (quoted), test OK (inferred). The set moves the device's
// clock relative to the network's; the next +NITZ puts it back.
func (s *session) cclk(ctx context.Context, c *atcmd.Cmd) error {
	d := s.d
	switch c.Kind {
	case atcmd.Read:
		d.mu.Lock()
		off, tz := d.m.clockOff, d.m.tz
		d.mu.Unlock()
		c.Info(formatCCLK(d.clock().Add(off), tz))
		return nil
	case atcmd.Test:
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	if err := maxArgs(c, 1); err != nil {
		return err
	}
	v, _ := argString(c, 0)
	t, tz, err := parseCCLK(v)
	if err != nil {
		return err
	}
	d.mu.Lock()
	d.m.clockOff, d.m.tz = t.Sub(d.clock()), tz
	d.mu.Unlock()
	return nil
}
