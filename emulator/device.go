package emulator

import (
	"fmt"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/air780emu/air780emu/boards"
	"github.com/air780emu/air780emu/netif"
)

// Device is one emulated module: board state, SIM, registration, PDP, power,
// the AT handlers and the services table. Its methods are safe for
// concurrent use; the modem model is guarded by one mutex, never held while
// writing to the port or emitting a URC.
type Device struct {
	cfg   Config
	board boards.Profile
	id    boards.Identity
	net   *netif.Set
	log   *slog.Logger
	clock func() time.Time
	boot  BootTiming
	// cellAddr is the address of the cellular interface: cid 1's address.
	cellAddr netip.Addr

	mu     sync.Mutex
	m      modem
	saved  profile  // the AT&W profile: restored at power-on and reboot
	sess   *session // the running ServeAT, nil when powered off
	closed bool
}

// New builds a powered-off device from cfg. It fails when cfg.Net names an
// unknown interface or holds bad settings, or when the state file exists
// but cannot be read.
func New(cfg Config) (*Device, error) {
	d := &Device{cfg: cfg, board: cfg.Board, id: cfg.Identity, log: cfg.Logger, clock: cfg.Clock, m: newModem()}
	if d.board.Name == "" {
		d.board, _ = boards.Lookup(boards.Default)
	}
	if d.id == (boards.Identity{}) {
		d.id = boards.NewIdentity(d.board, cfg.Seed, cfg.Index)
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.clock == nil {
		d.clock = time.Now
	}
	d.boot = DefaultBoot()
	if cfg.Boot != nil {
		d.boot = *cfg.Boot
	}
	if err := d.boot.validate(); err != nil {
		return nil, err
	}
	p, err := loadProfile(cfg.StatePath)
	if err != nil {
		return nil, err
	}
	d.saved = p
	d.m.ipr, d.m.csdt = p.IPR, p.CSDT
	d.net = netif.NewSet(&netif.Options{Seed: cfg.Seed, Hosts: cfg.Hosts})
	if err := d.configureNet(cfg.Net); err != nil {
		d.net.Close()
		return nil, err
	}
	return d, nil
}

// Net returns the device's interfaces.
func (d *Device) Net() *netif.Set { return d.net }

// Board returns the device's board profile.
func (d *Device) Board() boards.Profile { return d.board }

// Identity returns the device's IMEI, IMSI and ICCID.
func (d *Device) Identity() boards.Identity { return d.id }

// Close stops a running ServeAT and releases the interfaces; idempotent.
func (d *Device) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	s := d.sess
	d.mu.Unlock()
	if s != nil {
		s.stop()
	}
	return d.net.Close()
}

// Signal returns the signal as AT+CSQ reports it now: rssi 0..31 and ber
// 0..7, or 99,99 while the device is not registered.
func (d *Device) Signal() (rssi, ber int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.m.signal()
}

// Registration returns the stat AT+CEREG? reports now (0 not registered,
// 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming).
func (d *Device) Registration() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.m.stat()
}

// IPR returns the AT+IPR rate in force, for a port that applies it.
func (d *Device) IPR() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.m.ipr
}

// SetSignal sets the network's signal: rssi 0..31 or 99, ber 0..7 or 99
// (at-commands.md §2 AT+CSQ). It is reported once the device is registered.
func (d *Device) SetSignal(rssi, ber int) error {
	if !(rssi >= 0 && rssi <= 31 || rssi == 99) || !(ber >= 0 && ber <= 7 || ber == 99) {
		return fmt.Errorf("emulator: signal %d,%d out of range (rssi 0..31 or 99, ber 0..7 or 99)", rssi, ber)
	}
	d.mu.Lock()
	d.m.rssi, d.m.ber = rssi, ber
	d.mu.Unlock()
	return nil
}

// SetPIN locks the SIM with pin ("" removes the lock). It takes effect at
// the next power-on: the host must then unlock it with AT+CPIN="<pin>".
func (d *Device) SetPIN(pin string) error {
	for _, c := range pin {
		if c < '0' || c > '9' {
			return fmt.Errorf("emulator: PIN %q is not decimal digits", pin)
		}
	}
	if pin != "" && (len(pin) < 4 || len(pin) > 8) {
		return fmt.Errorf("emulator: PIN %q must have 4 to 8 digits", pin)
	}
	d.mu.Lock()
	d.m.pin = pin
	d.mu.Unlock()
	return nil
}
