package emulator

import (
	"context"
	"fmt"

	"github.com/air780emu/air780emu/atcmd"
)

// simCheck fails without a SIM (+CME ERROR: 10, captured for AT+CPIN?, §2;
// by analogy for the other SIM commands) and, when needPIN, while the SIM
// is locked (+CME ERROR: 11, inferred).
func (d *Device) simCheck(needPIN bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case !d.m.simPresent:
		return errNoSIM
	case needPIN && !d.m.pinOK:
		return errSIMPIN
	}
	return nil
}

// cimi answers the bare IMSI (§2 AT+CIMI, no prefix).
func (s *session) cimi(ctx context.Context, c *atcmd.Cmd) error {
	if c.Kind == atcmd.Exec {
		if err := s.d.simCheck(true); err != nil {
			return err
		}
	}
	return execOnly(c, s.d.id.IMSI)
}

// ccid answers the bare 20-digit ICCID (§2 AT+CCID). The ICCID is readable
// on a locked SIM (inferred: it is not PIN-protected on real SIMs).
func (s *session) ccid(ctx context.Context, c *atcmd.Cmd) error {
	if c.Kind == atcmd.Exec {
		if err := s.d.simCheck(false); err != nil {
			return err
		}
	}
	return execOnly(c, s.d.id.ICCID)
}

// iccid answers "+ICCID: <iccid>" (§2 AT+ICCID, manual example).
func (s *session) iccid(ctx context.Context, c *atcmd.Cmd) error {
	if c.Kind == atcmd.Exec {
		if err := s.d.simCheck(false); err != nil {
			return err
		}
	}
	return execOnly(c, "+ICCID: "+s.d.id.ICCID)
}

// cpin answers AT+CPIN (§2): read "+CPIN: READY" or "+CPIN: SIM PIN"
// (captured), +CME ERROR: 10 without SIM (captured); test OK; set
// <pin>[,<newpin>] answers just OK (captured, SIMLOG) and registers with
// the §2 CFUN=1 URC sequence (inferred). A wrong PIN is +CME ERROR: 16, a
// PIN sent to an unlocked SIM +CME ERROR: 3 (both inferred). PUK states
// are not modelled.
func (s *session) cpin(ctx context.Context, c *atcmd.Cmd) error {
	d := s.d
	switch c.Kind {
	case atcmd.Test:
		return nil
	case atcmd.Exec:
		return errSyntax
	case atcmd.Read:
		if err := d.simCheck(false); err != nil {
			return err
		}
		d.mu.Lock()
		ok := d.m.pinOK
		d.mu.Unlock()
		if ok {
			c.Info("+CPIN: READY")
		} else {
			c.Info("+CPIN: SIM PIN")
		}
		return nil
	}
	if err := maxArgs(c, 2); err != nil {
		return err
	}
	pin, ok := argString(c, 0)
	if !ok {
		return fmt.Errorf("AT+CPIN without a PIN: %w", errParam)
	}
	return s.enterPIN(pin)
}

// enterPIN unlocks the SIM with pin and starts registration.
func (s *session) enterPIN(pin string) error {
	d := s.d
	d.mu.Lock()
	switch {
	case !d.m.simPresent:
		d.mu.Unlock()
		return errNoSIM
	case d.m.pinOK:
		d.mu.Unlock()
		return fmt.Errorf("SIM is not locked: %w", errNotAllow)
	case pin != d.m.pin:
		d.mu.Unlock()
		return errBadPIN
	}
	d.m.pinOK = true
	gen, on := d.m.research()
	d.mu.Unlock()
	s.resume(gen, on)
	return nil
}
