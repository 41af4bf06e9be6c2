package emulator

import (
	"fmt"

	"github.com/air780emu/air780emu/netif"
)

// configureNet applies Config.Net to the interfaces and records the address
// the cellular interface reports, which becomes cid 1's PDP address.
func (d *Device) configureNet(cfgs map[netif.Name]netif.Config) error {
	for name, c := range cfgs {
		i := d.net.Interface(name)
		if i == nil {
			return fmt.Errorf("emulator: unknown interface %q (accepted: %v)", name, netif.Names)
		}
		if err := i.Configure(c); err != nil {
			return fmt.Errorf("emulator: interface %s: %w", name, err)
		}
	}
	d.cellAddr = seedAddr(d.cfg.Seed, d.cfg.Index, 1)
	if i := d.net.Interface(netif.LWIPGP); i != nil {
		if a := i.Addr(); a.IsValid() {
			d.cellAddr = a
		}
	}
	return nil
}

// syncCellularLocked makes LWIP_GP follow the model: up exactly while the
// default bearer is up (attached, hence cid 1 active). The caller holds
// Device.mu, so a model change and the interface change it implies are one
// step to anyone who reads both under the lock (coupling.go's reconcile).
// Down resets the interface's connections (netif); netif delivers its
// up/down events from its own goroutine, so nothing here calls back into
// the Device.
func (d *Device) syncCellularLocked() {
	d.setCellular(d.m.attached())
}

// setCellular brings LWIP_GP up or down unless it already is.
func (d *Device) setCellular(up bool) {
	i := d.net.Interface(netif.LWIPGP)
	if i == nil || i.Up() == up {
		return
	}
	i.SetUp(up)
}
