package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/air780emu/air780emu/netif"
)

// echoHost is the LuatOS public echo service's name, mapped to the built-in
// echo server unless -hosts names it (DESIGN.md "Built-in echo server").
const echoHost = "echo.airtun.air32.cn"

// builtinEcho is how -check shows the echo host's mapping before the echo
// server has an address.
const builtinEcho = "(built-in)"

// effective returns the settings as "key: value" lines in the fixed order of
// keys. Unset values print as "-"; net specs and hosts entries are
// space-separated on one line (neither contains spaces).
func effective(p *plan) []string {
	s := p.s
	vals := map[string]string{
		"board": p.board.Name, "firmware": s.Firmware, "script": s.Script,
		"port": p.port.String(), "link": s.Link, "baud": strconv.Itoa(s.Baud),
		"net": effectiveNet(p), "hosts": formatHosts(effectiveHosts(s.Hosts, builtinEcho)),
		"control": s.Control, "seed": strconv.FormatInt(s.Seed, 10), "config": s.Config,
		"usb-link": s.USBLink, "trace": s.Trace, "state": s.State,
		"pace": strconv.FormatBool(s.Pace), "quirks": s.Quirks, "boot": s.Boot,
		"log-level": strings.ToLower(s.LogLevel),
	}
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		v := vals[k]
		if v == "" {
			v = "-"
		}
		out = append(out, k+": "+v)
	}
	return out
}

// printEffective writes the -check report.
func printEffective(w io.Writer, p *plan) error {
	for _, line := range effective(p) {
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// effectiveHosts returns hosts plus the echo host mapped to echoAddr, unless
// hosts already names it.
func effectiveHosts(hosts map[string]string, echoAddr string) map[string]string {
	out := cloneHosts(hosts)
	if _, ok := out[echoHost]; !ok {
		out[echoHost] = echoAddr
	}
	return out
}

// effectiveNet renders the interface settings in force, normalised
// (netif.FormatSpec), in adapter order; a later -net for the same interface
// has replaced an earlier one.
func effectiveNet(p *plan) string {
	var out []string
	for _, n := range netif.Names {
		if c, ok := p.net[n]; ok {
			out = append(out, netif.FormatSpec(n, c))
		}
	}
	return strings.Join(out, " ")
}
