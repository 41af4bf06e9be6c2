package emulator

// This file is the package's public contract toward cmd/ and the Lua runtime,
// fixed before implementation so they can be written in parallel. The
// implementation may add exported API and replace stub bodies; changing what
// is here needs a note in the issue.

import (
	"log/slog"
	"time"

	"github.com/air780emu/air780emu/boards"
	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
)

// Config describes one emulated module.
type Config struct {
	// Board is the profile; Identity is derived from Seed and Index when zero.
	Board    boards.Profile
	Identity boards.Identity
	Seed     int64
	Index    int
	// Net holds per-interface settings; missing interfaces are up and ideal.
	Net map[netif.Name]netif.Config
	// Hosts is the DNS override map, NAME -> HOST:PORT.
	Hosts map[string]string
	// StatePath, when set, is where AT&W persists the settings profile.
	StatePath string
	// Boot is the delay of each boot URC after power-on; nil means the
	// realistic defaults (DefaultBoot). Zero durations make tests fast.
	Boot *BootTiming
	// URCBetween deliberately emits a URC between info lines and the final
	// result (host-parser testing).
	URCBetween bool
	// Quirks selects the websocket behaviour (spec or firmware).
	Quirks wsclient.Quirks
	// Logger receives diagnostics; nil discards them.
	Logger *slog.Logger
	// Clock is the network's time (the +NITZ the device receives and the
	// base of AT+CCLK); nil means time.Now. Tests inject a fixed clock.
	Clock func() time.Time
}

// BootTiming is when each boot URC appears, measured from power-on.
type BootTiming struct {
	RDY     time.Duration // "RDY"
	Mode    time.Duration // "^MODE: 17,17"
	Service time.Duration // "+E_UTRAN Service"
	PDN     time.Duration // "+CGEV: ME PDN ACT 1"
	NITZ    time.Duration // "+NITZ: ..."
}
