package emulator

import (
	"net/netip"
	"time"
)

// phase is how far the radio has come since power-on or AT+CFUN=1.
type phase int

const (
	phaseOff        phase = iota // CFUN 0/4, no SIM or SIM locked: not registered (stat 0)
	phaseSearching               // radio on, not yet registered (stat 2)
	phaseRegistered              // registered (stat = network's), not attached
	phaseAttached                // attached, default PDN (cid 1) active
)

// Registration stat values (at-commands.md §2 AT+CREG: "0 not reg, 1 home,
// 2 searching, 3 denied, 4 unknown, 5 roaming").
const (
	statNotReg    = 0
	statHome      = 1
	statSearching = 2
	statRoaming   = 5
)

// Indices into modem.regN.
const (
	regCREG = iota
	regCGREG
	regCEREG
)

// pdpContext is one PDP context (AT+CGDCONT).
type pdpContext struct {
	typ    string // "IP", "IPV6", "IPV4V6"
	apn    string
	addr   netip.Addr
	active bool
}

// modem is the radio, SIM and session model of one device. Every field is
// guarded by Device.mu. It holds no references to the engine: handlers and
// sequence steps read and change it, then emit URCs outside the lock.
type modem struct {
	cfun  int   // 0 minimum, 1 full, 4 flight (§2 AT+CFUN)
	phase phase // radio progress
	gen   int   // radio generation: bumped by CFUN changes, SIM changes and reboots

	simPresent bool
	pin        string // the SIM's PIN; "" means not PIN-locked
	pinOK      bool   // PIN entered since power-on

	rssi, ber int // the network's signal (SetSignal), reported once registered
	netStat   int // the stat the network grants (SetRegistration), default 1

	regN       [3]int // n of AT+CREG, AT+CGREG, AT+CEREG
	announced  int    // the stat the last registration URCs carried
	copsFormat int    // AT+COPS format: 0 long, 1 short, 2 numeric
	copsDereg  bool   // AT+COPS=2 was given

	pdp map[int]*pdpContext

	ipr  int // AT+IPR
	csdt int // AT+CSDT

	clockOff time.Duration // device clock minus host clock (AT+CCLK=)
	tz       int           // time zone in quarter hours (+32 = UTC+8)
}

// newModem returns the state of a freshly built device: SIM present and
// unlocked, good signal, home network, powered off.
func newModem() modem {
	return modem{
		simPresent: true, pinOK: true,
		rssi: 24, ber: 0, // "+CSQ: 24,0", at-commands.md §3.4 capture
		netStat: statHome, copsFormat: 2, ipr: defaultIPR, tz: defaultTZ,
		pdp: map[int]*pdpContext{},
	}
}

// powerOn resets what a reboot resets: radio state, registration URC
// settings (not saved by AT&W, inferred), PDP contexts and the PIN entry.
// SIM, signal, network and clock survive: they belong to the world, not the
// module.
func (m *modem) powerOn(fun int) {
	m.gen++
	m.cfun = fun
	m.phase = phaseOff
	m.pinOK = m.pin == ""
	m.regN = [3]int{}
	m.announced = statNotReg
	m.copsFormat, m.copsDereg = 2, false
	m.pdp = map[int]*pdpContext{}
}

// simReady reports whether the SIM is present and unlocked.
func (m *modem) simReady() bool { return m.simPresent && m.pinOK }

// canRegister reports whether the radio may search for the network.
func (m *modem) canRegister() bool { return m.cfun == 1 && m.simReady() && !m.copsDereg }

// stat is the registration stat as AT+CEREG? reports it.
func (m *modem) stat() int {
	switch m.phase {
	case phaseSearching:
		return statSearching
	case phaseRegistered, phaseAttached:
		return m.netStat
	}
	return statNotReg
}

// registered reports whether the reported stat is home or roaming.
func (m *modem) registered() bool {
	s := m.stat()
	return s == statHome || s == statRoaming
}

// attached reports AT+CGATT's state. The model keeps cid 1 (the default
// EPS bearer) active whenever it is in phaseAttached: attaching activates
// it, and deactivating it detaches (pdp.go).
func (m *modem) attached() bool { return m.phase == phaseAttached && m.registered() }

// signal is what AT+CSQ reports: 99,99 until registered (inferred: an
// unregistered radio has no serving cell to measure).
func (m *modem) signal() (rssi, ber int) {
	if !m.registered() {
		return 99, 99
	}
	return m.rssi, m.ber
}

// detach makes every PDP context inactive and leaves the attached phase.
func (m *modem) detach() {
	for _, p := range m.pdp {
		p.active = false
	}
	if m.phase == phaseAttached {
		m.phase = phaseRegistered
	}
}

// research starts a new radio generation in which the radio searches again
// (stat 2) if it may register: AT+CFUN=1, a PIN entered, AT+COPS leaving
// mode 2. It returns what session.resume needs. Caller holds Device.mu.
func (m *modem) research() (gen int, on bool) {
	m.gen++
	if on = m.canRegister(); on {
		m.phase = phaseSearching
	}
	return m.gen, on
}

// radioOff is CFUN 0/4, SIM loss or deregistration: not registered, detached.
func (m *modem) radioOff() {
	m.gen++
	m.detach()
	m.phase = phaseOff
}
