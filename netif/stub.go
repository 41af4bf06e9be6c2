package netif

// Stub bodies of the contract; the netif implementation replaces this file.

import (
	"context"
	"net"
	"net/netip"
)

// Set holds one device's interfaces.
type Set struct{}

// NewSet returns the four interfaces, all up and ideal.
func NewSet(opts *Options) *Set { return &Set{} }

// Interface returns the named interface, or nil.
func (s *Set) Interface(n Name) *Interface { panic("unimplemented") }

// Close tears down every interface and its connections; idempotent.
func (s *Set) Close() error { panic("unimplemented") }

// Interface is one simulated network interface.
type Interface struct{}

// Name returns the interface's name.
func (i *Interface) Name() Name { panic("unimplemented") }

// DialContext dials through the interface's stages.
func (i *Interface) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	panic("unimplemented")
}

// Configure applies c at run time, atomically.
func (i *Interface) Configure(c Config) error { panic("unimplemented") }

// Config returns the settings in force.
func (i *Interface) Config() Config { panic("unimplemented") }

// SetUp brings the interface up or down; down resets its connections.
func (i *Interface) SetUp(up bool) { panic("unimplemented") }

// Up reports whether the interface is up.
func (i *Interface) Up() bool { panic("unimplemented") }

// Addr returns the interface's address.
func (i *Interface) Addr() netip.Addr { panic("unimplemented") }

// Subscribe calls fn on every up/down change until cancel is called.
func (i *Interface) Subscribe(fn func(Event)) (cancel func()) { panic("unimplemented") }

// Counters returns the interface's statistics.
func (i *Interface) Counters() Counters { panic("unimplemented") }

// ParseSpec parses one -net flag value "IFACE:k=v,...".
func ParseSpec(s string) (Name, Config, error) { panic("unimplemented") }

// Preset returns a named profile (ideal, lte-good, lte-edge, ...).
func Preset(name string) (Config, error) { panic("unimplemented") }
