package emulator

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/air780emu/air780emu/atcmd"
)

// networkAPN is the APN the network assigns to the default bearer. The
// manual shows only "<apn from network>" (at-commands.md §2 AT+CGDCONT);
// "uninet" (China Unicom's, matching the IMSI's 46001) is inferred.
const networkAPN = "uninet"

// maxCID bounds context ids (inferred: the usual 1..15 of EC6xx modems).
const maxCID = 15

// pdpTypes are the accepted AT+CGDCONT PDP types (27.007; inferred set).
var pdpTypes = []string{"IP", "IPV6", "IPV4V6"}

// seedAddr derives a stable private 10.x address for context cid, used when
// the cellular interface reports none (or for secondary contexts).
func seedAddr(seed int64, index, cid int) netip.Addr {
	var b [24]byte
	binary.BigEndian.PutUint64(b[:], uint64(seed))
	binary.BigEndian.PutUint64(b[8:], uint64(index))
	binary.BigEndian.PutUint64(b[16:], uint64(cid))
	h := sha256.Sum256(b[:])
	return netip.AddrFrom4([4]byte{10, 64 + h[0]%128, h[1], 1 + h[2]%254})
}

// activateDefault brings up cid 1 with the network's APN (unless the host
// defined cid 1 itself) and addr: the module "auto-activates cid 1 with the
// network APN after registration" (§2 AT+CGDCONT).
func (m *modem) activateDefault(addr netip.Addr) {
	p := m.pdp[1]
	if p == nil {
		p = &pdpContext{typ: "IP", apn: networkAPN}
		m.pdp[1] = p
	}
	p.addr, p.active = addr, true
}

// cids returns the defined context ids in order.
func (m *modem) cids() []int { return slices.Sorted(maps.Keys(m.pdp)) }

// radioReady fails with the error a command needing the network gets:
// +CME ERROR: 10 without SIM, 11 while locked, 797 in CFUN 0/4, 30 while
// not registered (codes from the §2 table; their use here is inferred).
func (m *modem) radioReady() error {
	switch {
	case !m.simPresent:
		return errNoSIM
	case !m.pinOK:
		return errSIMPIN
	case m.cfun != 1:
		return errRadioOff
	case !m.registered():
		return errNoNet
	}
	return nil
}

// cgatt answers AT+CGATT (§2): read "+CGATT: <0|1>" (captured "+CGATT: 1",
// §3.4), test "+CGATT: (0-1)", set 0/1. Detach prints "+CGEV: ME DETACH"
// and attach "+CGEV: ME PDN ACT 1" (the boot URCs, inferred here).
func (s *session) cgatt(ctx context.Context, c *atcmd.Cmd) error {
	d := s.d
	switch c.Kind {
	case atcmd.Read:
		d.mu.Lock()
		att := d.m.attached()
		d.mu.Unlock()
		c.Info(fmt.Sprintf("+CGATT: %d", b2i(att)))
		return nil
	case atcmd.Test:
		c.Info("+CGATT: (0-1)")
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	if err := maxArgs(c, 1); err != nil {
		return err
	}
	v, err := argInt(c, 0, nil, 0, 1)
	if err != nil {
		return err
	}
	d.mu.Lock()
	var urcs []atcmd.URC
	switch {
	case v == 0 && d.m.attached():
		d.m.detach()
		urcs = urc("+CGEV: ME DETACH")
	case v == 1:
		if err := d.m.radioReady(); err != nil {
			d.mu.Unlock()
			return err
		}
		if d.m.phase != phaseAttached {
			d.m.phase = phaseAttached
			d.m.activateDefault(d.cellAddr)
			urcs = urc("+CGEV: ME PDN ACT 1")
		}
	}
	d.syncCellularLocked()
	d.mu.Unlock()
	s.emit(urcs...)
	return nil
}

// cgdcont answers AT+CGDCONT (§2): read one line per defined context,
// `+CGDCONT: 1,"IP","<apn>","10.173.90.29",0,0` (manual example; an
// inactive context shows "0.0.0.0", inferred); set <cid>[,<type>[,<apn>]]
// defines a context, <cid> alone undefines it (not while active:
// +CME ERROR: 3, inferred); test per 27.007 (inferred).
func (s *session) cgdcont(ctx context.Context, c *atcmd.Cmd) error {
	d := s.d
	switch c.Kind {
	case atcmd.Read:
		for _, l := range d.cgdcontLines() {
			c.Info(l)
		}
		return nil
	case atcmd.Test:
		for _, t := range pdpTypes {
			c.Info(fmt.Sprintf(`+CGDCONT: (1-%d),"%s",,,(0),(0)`, maxCID, t))
		}
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	cid, err := argInt(c, 0, nil, 1, maxCID)
	if err != nil {
		return err
	}
	if len(c.Args) == 1 {
		return d.undefine(cid)
	}
	typ, _ := argString(c, 1)
	typ = strings.ToUpper(typ)
	if typ == "" {
		typ = "IP"
	}
	if !slices.Contains(pdpTypes, typ) {
		return fmt.Errorf("PDP type %q: %w", typ, errParam)
	}
	apn, _ := argString(c, 2)
	d.mu.Lock()
	defer d.mu.Unlock()
	p := d.m.pdp[cid]
	if p == nil {
		p = &pdpContext{}
		d.m.pdp[cid] = p
	}
	p.typ, p.apn = typ, apn
	return nil
}

// cgdcontLines renders AT+CGDCONT?.
func (d *Device) cgdcontLines() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, cid := range d.m.cids() {
		p := d.m.pdp[cid]
		addr := "0.0.0.0"
		if p.active && d.m.attached() {
			addr = p.addr.String()
		}
		out = append(out, fmt.Sprintf(`+CGDCONT: %d,"%s","%s","%s",0,0`, cid, p.typ, p.apn, addr))
	}
	return out
}

// undefine removes context cid.
func (d *Device) undefine(cid int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p := d.m.pdp[cid]; p != nil && p.active {
		return fmt.Errorf("context %d is active: %w", cid, errNotAllow)
	}
	delete(d.m.pdp, cid)
	return nil
}

// cgact answers AT+CGACT (§2): read "+CGACT: <cid>,<state>" per defined
// context (manual "+CGACT: 1,1"), test "+CGACT: (0,1)" (inferred), set
// <state>[,<cid>...] (no cid: every defined context). Each change prints
// "+CGEV: ME PDN ACT <cid>" or "+CGEV: ME PDN DEACT <cid>" (forms of §6.2;
// their use after AT+CGACT is inferred). An undefined cid → +CME ERROR: 3
// (inferred); activation needs the network (radioReady).
func (s *session) cgact(ctx context.Context, c *atcmd.Cmd) error {
	d := s.d
	switch c.Kind {
	case atcmd.Read:
		d.mu.Lock()
		var lines []string
		for _, cid := range d.m.cids() {
			lines = append(lines, fmt.Sprintf("+CGACT: %d,%d", cid, b2i(d.m.pdp[cid].active && d.m.attached())))
		}
		d.mu.Unlock()
		for _, l := range lines {
			c.Info(l)
		}
		return nil
	case atcmd.Test:
		c.Info("+CGACT: (0,1)")
		return nil
	case atcmd.Exec:
		return errSyntax
	}
	state, err := argInt(c, 0, nil, 0, 1)
	if err != nil {
		return err
	}
	var cids []int
	for i := 1; i < len(c.Args); i++ {
		cid, err := argInt(c, i, nil, 1, maxCID)
		if err != nil {
			return err
		}
		cids = append(cids, cid)
	}
	urcs, err := d.setActive(state == 1, cids)
	if err != nil {
		return err
	}
	s.emit(urcs...)
	return nil
}

// setActive activates or deactivates cids (all defined when empty). The
// default bearer cid 1 is active exactly while attached: activating any
// context on a detached module attaches first ("+CGEV: ME PDN ACT 1"), and
// deactivating cid 1 detaches, taking every other context down with it
// (inferred from EPS, where a module cannot hold a PDN without the
// default bearer). LWIP_GP follows.
func (d *Device) setActive(on bool, cids []int) ([]atcmd.URC, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(cids) == 0 {
		cids = d.m.cids()
	}
	for _, cid := range cids {
		if d.m.pdp[cid] == nil {
			return nil, fmt.Errorf("context %d is not defined: %w", cid, errNotAllow)
		}
	}
	if on {
		if err := d.m.radioReady(); err != nil {
			return nil, err
		}
	} else if slices.Contains(cids, 1) && d.m.pdp[1].active {
		cids = d.m.cids() // cid 1 takes every context down
	}
	var urcs []atcmd.URC
	if on && d.m.phase != phaseAttached {
		d.m.phase = phaseAttached
		d.m.activateDefault(d.cellAddr)
		urcs = urc("+CGEV: ME PDN ACT 1")
	}
	for _, cid := range cids {
		p := d.m.pdp[cid]
		if p.active == on {
			continue
		}
		p.active = on
		if !on {
			urcs = append(urcs, urc(fmt.Sprintf("+CGEV: ME PDN DEACT %d", cid))...)
			continue
		}
		p.addr = seedAddr(d.cfg.Seed, d.cfg.Index, cid)
		urcs = append(urcs, urc(fmt.Sprintf("+CGEV: ME PDN ACT %d", cid))...)
	}
	if p1 := d.m.pdp[1]; p1 == nil || !p1.active {
		d.m.detach()
	}
	d.syncCellularLocked()
	return urcs, nil
}

// cgpaddr answers AT+CGPADDR (§2): `+CGPADDR: 1,"10.162.229.248"` per cid
// asked (exec: every defined one); a context without an address prints
// "+CGPADDR: <cid>" (27.007, inferred); test lists the defined cids.
func (s *session) cgpaddr(ctx context.Context, c *atcmd.Cmd) error {
	lines, err := s.d.cgpaddrLines(c)
	for _, l := range lines {
		c.Info(l)
	}
	return err
}

// cgpaddrLines renders AT+CGPADDR's answer under the lock.
func (d *Device) cgpaddrLines(c *atcmd.Cmd) ([]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch c.Kind {
	case atcmd.Test:
		return []string{"+CGPADDR: (" + joinInts(d.m.cids()) + ")"}, nil
	case atcmd.Read:
		return nil, errSyntax
	}
	cids := d.m.cids()
	if c.Kind == atcmd.Set {
		cids = nil
		for i := range c.Args {
			cid, err := argInt(c, i, nil, 1, maxCID)
			if err != nil {
				return nil, err
			}
			if d.m.pdp[cid] == nil {
				return nil, fmt.Errorf("context %d is not defined: %w", cid, errParam)
			}
			cids = append(cids, cid)
		}
	}
	var out []string
	for _, cid := range cids {
		if p := d.m.pdp[cid]; p.active && d.m.attached() {
			out = append(out, fmt.Sprintf(`+CGPADDR: %d,"%s"`, cid, p.addr))
		} else {
			out = append(out, fmt.Sprintf("+CGPADDR: %d", cid))
		}
	}
	return out, nil
}

// joinInts renders 1,2,3.
func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ",")
}

// b2i is 1 for true.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
