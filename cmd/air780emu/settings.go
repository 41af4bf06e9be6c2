package main

import "github.com/air780emu/air780emu/boards"

// Settings is everything one run is configured with. Each field is a flag of
// DESIGN.md "CLI contract" (plus the extras state, pace, quirks, boot and
// log-level) and a key of the -config YAML file with the same name.
type Settings struct {
	Board    string            // -board: profile name, case-insensitive
	Firmware string            // -firmware: at | luatos
	Script   string            // -script: luatos main.lua or its folder
	Port     string            // -port: pty | tcp://HOST:PORT | device path
	Link     string            // -link: symlink to the PTY slave
	Baud     int               // -baud: real serial speed; also the pacing rate
	Net      []string          // -net: "IFACE:k=v,..." specs, in order
	Hosts    map[string]string // -hosts: NAME -> HOST:PORT
	Control  string            // -control: HTTP control API (not implemented)
	Seed     int64             // -seed: seed of every random choice
	SeedSet  bool              // whether Seed was given (else time-based)
	Config   string            // -config: the YAML file (flag only)
	USBLink  string            // -usb-link: luatos USB port symlink
	Trace    string            // -trace: transcript file
	Check    bool              // -check: validate, print, exit (flag only)
	State    string            // -state: AT&W profile file
	Pace     bool              // -pace: pace output at Baud/10 bytes per second
	Quirks   string            // -quirks: spec | firmware
	Boot     string            // -boot: realistic | none
	LogLevel string            // -log-level: debug | info | warn | error
}

// Default values of the settings that have one.
const (
	defaultPort     = "pty"
	defaultBaud     = 115200
	defaultFirmware = "at"
	defaultQuirks   = "spec"
	defaultBoot     = "realistic"
	defaultLogLevel = "info"
)

// defaults returns the settings of a run with no flags and no file.
func defaults() Settings {
	return Settings{
		Board:    boards.Default,
		Firmware: defaultFirmware,
		Port:     defaultPort,
		Baud:     defaultBaud,
		Hosts:    map[string]string{},
		Quirks:   defaultQuirks,
		Boot:     defaultBoot,
		LogLevel: defaultLogLevel,
	}
}

// keys lists the settings' names in the order -check prints them; the flag,
// the YAML key and the -check key are the same word.
var keys = []string{
	"board", "firmware", "script", "port", "link", "baud", "net", "hosts",
	"control", "seed", "config", "usb-link", "trace", "state", "pace",
	"quirks", "boot", "log-level",
}
