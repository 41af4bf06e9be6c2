package emulator

// Stub bodies of the contract; the emulator implementation replaces this file.

import (
	"context"
	"io"

	"github.com/air780emu/air780emu/netif"
)

// Device is one emulated module: board state, SIM, registration, PDP, power,
// the AT handlers and the services table.
type Device struct{}

// New builds a powered-off device from cfg.
func New(cfg Config) (*Device, error) { panic("unimplemented") }

// ServeAT powers the device on and runs the AT firmware on port until ctx is
// done or the port fails.
func (d *Device) ServeAT(ctx context.Context, port io.ReadWriter) error { panic("unimplemented") }

// Net returns the device's interfaces.
func (d *Device) Net() *netif.Set { panic("unimplemented") }

// Close releases the device; idempotent.
func (d *Device) Close() error { panic("unimplemented") }
