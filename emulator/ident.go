package emulator

import (
	"context"

	"github.com/air780emu/air780emu/atcmd"
)

// manufacturer is AT+CGMI's value (at-commands.md §2, captured).
const manufacturer = "AirM2M"

// buildTime is AT*I's "Buildtime:" value. The manual elides it ("…", §2
// AT*I); this value is inferred.
const buildTime = "2024-10-07 12:00:00"

// execOnly answers the exec form with lines and the test form with plain OK
// (§2: "AT+CGMR=?" and "AT+CGSN=?" answer OK; the same for the other
// identification commands is inferred). Read and set forms are ERROR.
func execOnly(c *atcmd.Cmd, lines ...string) error {
	switch c.Kind {
	case atcmd.Exec:
		for _, l := range lines {
			c.Info(l)
		}
		return nil
	case atcmd.Test:
		return nil
	}
	return errSyntax
}

// ati answers ATI and AT+VER with the bare firmware string, no prefix (§2
// ATI, captured "AirM2M_780E_V1165_LTE_AT"; AT+VER "same string as ATI").
func (s *session) ati(ctx context.Context, c *atcmd.Cmd) error {
	if c.Name == "I" && c.Kind == atcmd.Set && len(c.Args) == 1 && c.Args[0].Text == "0" {
		c.Kind = atcmd.Exec // ATI0 is ATI (V.250)
	}
	return execOnly(c, s.d.board.ATFirmware)
}

// cgmi answers `+CGMI: "AirM2M"` (§2, captured: prefixed and quoted).
func (s *session) cgmi(ctx context.Context, c *atcmd.Cmd) error {
	return execOnly(c, `+CGMI: "`+manufacturer+`"`)
}

// cgmm answers `+CGMM: "<model>"` (§2, manual example; prefix as CGMI).
func (s *session) cgmm(ctx context.Context, c *atcmd.Cmd) error {
	return execOnly(c, `+CGMM: "`+s.d.board.Name+`"`)
}

// cgmr answers `+CGMR: "<firmware>"` (§2, captured on 780EP).
func (s *session) cgmr(ctx context.Context, c *atcmd.Cmd) error {
	return execOnly(c, `+CGMR: "`+s.d.board.ATFirmware+`"`)
}

// cgsn answers the bare 15-digit IMEI, no prefix (§2, captured).
func (s *session) cgsn(ctx context.Context, c *atcmd.Cmd) error {
	return execOnly(c, s.d.id.IMEI)
}

// hver answers "^HVER: <platform>" (§2 AT^HVER, manual).
func (s *session) hver(ctx context.Context, c *atcmd.Cmd) error {
	return execOnly(c, "^HVER: "+s.d.board.Platform)
}

// starI answers AT*I's multi-line identity (§2 AT*I, manual): the ICCID and
// IMSI lines are empty without a SIM (inferred).
func (s *session) starI(ctx context.Context, c *atcmd.Cmd) error {
	d := s.d
	d.mu.Lock()
	sim := d.m.simPresent
	d.mu.Unlock()
	iccid, imsi := d.id.ICCID, d.id.IMSI
	if !sim {
		iccid, imsi = "", ""
	}
	return execOnly(c,
		"Manufacturer: "+manufacturer,
		"Model: "+d.board.Name,
		"Revision: "+d.board.ATFirmware,
		"HWver: "+d.board.HWVersion,
		"Buildtime: "+buildTime,
		"IMEI: "+d.id.IMEI,
		"ICCID: "+iccid,
		"IMSI: "+imsi,
	)
}
