package netif

// This file is the package's public contract, fixed before implementation so
// that emulator/, wsclient users and cmd/ can be written in parallel. The
// implementation may add exported API and replace the stub bodies; changing
// what is here needs a note in the issue.

import (
	"context"
	"net"
	"time"
)

// Name names an interface after its LuatOS adapter.
type Name string

// The interfaces every device has. Adapter numbers are LuatOS's
// (socket.LWIP_GP=1, STA=2, AP=3, ETH0=17).
const (
	LWIPGP Name = "LWIP_GP" // cellular, the default adapter
	ETH0   Name = "ETH0"
	STA    Name = "STA"
	AP     Name = "AP"
)

// Names lists the interfaces in adapter order.
var Names = []Name{LWIPGP, STA, AP, ETH0}

// Config is an interface's impairment settings; the zero value is ideal and
// up. It doubles as the config-file schema (yaml/json tags).
type Config struct {
	Profile  string        `yaml:"profile,omitempty" json:"profile,omitempty"`
	Latency  time.Duration `yaml:"latency,omitempty" json:"latency,omitempty"`
	Jitter   time.Duration `yaml:"jitter,omitempty" json:"jitter,omitempty"`
	Dist     string        `yaml:"dist,omitempty" json:"dist,omitempty"` // normal|uniform|pareto
	Loss     string        `yaml:"loss,omitempty" json:"loss,omitempty"` // "1%" or "ge:p,r,h,k"
	Retries  int           `yaml:"retries,omitempty" json:"retries,omitempty"`
	UpRate   int64         `yaml:"uprate,omitempty" json:"uprate,omitempty"`     // bytes/s, 0 unlimited
	DownRate int64         `yaml:"downrate,omitempty" json:"downrate,omitempty"` // bytes/s, 0 unlimited
	MTU      int           `yaml:"mtu,omitempty" json:"mtu,omitempty"`
	Drop     string        `yaml:"drop,omitempty" json:"drop,omitempty"`         // "P%/min" or "every:D"
	Down     string        `yaml:"down,omitempty" json:"down,omitempty"`         // "now"/"" or "D/T"
	DNSFail  float64       `yaml:"dnsfail,omitempty" json:"dnsfail,omitempty"`   // 0..1
	ConnFail float64       `yaml:"connfail,omitempty" json:"connfail,omitempty"` // 0..1
}

// Options configures a Set. A nil *Options means defaults.
type Options struct {
	// Seed seeds the one random source of the device: same seed, same choices.
	Seed int64
	// Hosts maps a host name to "HOST:PORT" (DNS override; the port, if given,
	// replaces the dialed one). Applied before any real lookup.
	Hosts map[string]string
	// Dial is the dialer under the stages (added by the implementation);
	// nil means a net.Dialer. Tests pass one that returns net.Pipe ends.
	Dial DialFunc
}

// Event tells a subscriber that an interface changed state.
type Event struct {
	Iface Name
	Up    bool
	At    time.Time
}

// Counters are an interface's cumulative statistics.
type Counters struct {
	BytesUp, BytesDown     int64
	Segments               int64
	Losses, Retransmits    int64
	Resets, Drops          int64
	DNSFailures, ConnFails int64
}

// DialFunc is the signature wsclient and the services dial through.
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)
