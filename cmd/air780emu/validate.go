package main

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/air780emu/air780emu/boards"
	"github.com/air780emu/air780emu/emulator"
	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
)

// plan is a validated Settings resolved into the types the run needs.
type plan struct {
	s      Settings
	board  boards.Profile
	net    map[netif.Name]netif.Config
	port   portSpec
	quirks wsclient.Quirks
	boot   *emulator.BootTiming // nil: realistic (emulator defaults)
	level  slog.Level
}

// resolve validates s and resolves it into a plan. The first bad setting is
// reported as a usageError naming the flag and the accepted values.
func resolve(s Settings) (*plan, error) {
	p := &plan{s: s}
	steps := []func(*plan) error{
		resolveBoard, resolveFirmware, resolvePort, resolveNet, resolveControl,
		resolveEnums,
	}
	for _, step := range steps {
		if err := step(p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// resolveBoard looks the board up among the eight profiles.
func resolveBoard(p *plan) error {
	b, err := boards.Lookup(p.s.Board)
	if err != nil {
		return usagef("-board %q: unknown board (accepted: %s; case-insensitive)", p.s.Board, strings.Join(boards.Names(), ", "))
	}
	p.board = b
	return nil
}

// resolveFirmware checks -firmware and the flags only luatos takes.
func resolveFirmware(p *plan) error {
	switch p.s.Firmware {
	case "at":
		if p.s.Script != "" {
			return usagef("-script: only with -firmware luatos (the AT firmware runs no script)")
		}
		if p.s.USBLink != "" {
			return usagef("-usb-link: only with -firmware luatos (the AT firmware has no USB REPL port)")
		}
	case "luatos":
		return checkScript(p.s.Script)
	default:
		return usagef("-firmware %q: want at or luatos", p.s.Firmware)
	}
	return nil
}

// checkScript requires -script to name main.lua or a folder holding it.
func checkScript(path string) error {
	if path == "" {
		return usagef("-script: required with -firmware luatos (a main.lua or a folder holding it)")
	}
	fi, err := os.Stat(path)
	if err != nil {
		return usagef("-script %q: %v", path, err)
	}
	if fi.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "main.lua")); err != nil {
			return usagef("-script %q: the folder holds no main.lua", path)
		}
	}
	return nil
}

// resolvePort parses -port (binding nothing) and checks -link goes with a PTY.
func resolvePort(p *plan) error {
	ps, err := parsePortSpec(p.s.Port)
	if err != nil {
		return err
	}
	if p.s.Link != "" && ps.kind != portPTY {
		return usagef("-link: only with -port pty (got -port %s)", p.s.Port)
	}
	p.port = ps
	return nil
}

// resolveNet parses every -net spec with netif's grammar (DESIGN.md
// "Network interfaces").
func resolveNet(p *plan) error {
	p.net = map[netif.Name]netif.Config{}
	for _, spec := range p.s.Net {
		name, cfg, err := netif.ParseSpec(spec)
		if err != nil {
			msg := strings.TrimPrefix(oneLine(err.Error()), "netif: ")
			if !strings.HasPrefix(msg, "-net") {
				msg = fmt.Sprintf("-net %q: %s", spec, msg)
			}
			return usagef("%s", msg)
		}
		p.net[name] = cfg // a later spec for the same interface wins
	}
	return nil
}

// resolveControl refuses -control honestly: no issue has built the API yet.
func resolveControl(p *plan) error {
	if p.s.Control != "" {
		return usagef("-control: the control API is not implemented yet")
	}
	return nil
}

// resolveEnums checks the small enumerated settings.
func resolveEnums(p *plan) error {
	switch p.s.Quirks {
	case "spec":
		p.quirks = wsclient.Spec
	case "firmware":
		p.quirks = wsclient.Firmware
	default:
		return usagef("-quirks %q: want spec or firmware", p.s.Quirks)
	}
	switch p.s.Boot {
	case "realistic":
	case "none":
		p.boot = &emulator.BootTiming{}
	default:
		return usagef("-boot %q: want realistic or none", p.s.Boot)
	}
	if err := p.level.UnmarshalText([]byte(p.s.LogLevel)); err != nil || !validLevel(p.s.LogLevel) {
		return usagef("-log-level %q: want debug, info, warn or error", p.s.LogLevel)
	}
	return nil
}

// validLevel accepts only the four plain level names (slog would also take
// offsets such as "info+2").
func validLevel(s string) bool {
	switch strings.ToLower(s) {
	case "debug", "info", "warn", "error":
		return true
	}
	return false
}

// checkHost validates one hosts entry and returns the lower-cased name.
func checkHost(name, addr string) (string, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" || strings.ContainsAny(name, " \t=:/") {
		return "", fmt.Errorf("bad host name %q: want NAME=HOST:PORT", name)
	}
	if err := checkHostPort(addr); err != nil {
		return "", fmt.Errorf("%s=%s: %w", name, addr, err)
	}
	return name, nil
}

// checkHostPort validates "HOST:PORT" with a port from 1 to 65535.
func checkHostPort(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return fmt.Errorf("want HOST:PORT, e.g. 127.0.0.1:8081")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("port %q: want 1 to 65535", port)
	}
	return nil
}

// formatHosts renders a hosts map as sorted NAME=HOST:PORT words.
func formatHosts(m map[string]string) string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for i, k := range names {
		names[i] = k + "=" + m[k]
	}
	return strings.Join(names, " ")
}
