package netif

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// presets are the named profiles of DESIGN.md. Sources and inferences:
//
//   - Rates of the LTE presets are capped by the Air780E's UE category: LTE
//     Cat.1 peaks at 10.3 Mbit/s down and 5.2 Mbit/s up (3GPP TS 36.306
//     Table 4.1-1); lte-good uses those caps rounded down.
//   - Latencies are one-way. lte-good's 25 ms (≈50 ms RTT) is typical of
//     loaded LTE networks in public crowd-sourced reports; the cell-edge and
//     congested figures (60 ms, 150 ms) and all jitter values are inferred,
//     not measured.
//   - LTE hides most radio loss behind HARQ/RLC retransmission, so lte-good
//     has none; the edge and congested profiles use bursty Gilbert-Elliott
//     loss (anchors.md §B.2: wireless loss is bursty) with inferred numbers:
//     lte-edge ge:1%,50%,50%,100% → steady-state loss ≈ 1/51·50% ≈ 1%,
//     mean bad run 2 segments; lte-congested ge:2%,40%,40%,100% → ≈ 2.9%.
//   - wifi-* and eth are ordinary LAN figures (inferred): 802.11n at a few
//     tens of Mbit/s with ms latency; Fast Ethernet 100 Mbit/s.
var presets = map[string]Config{
	"ideal": {},
	"lte-good": {Latency: 25 * time.Millisecond, Jitter: 5 * time.Millisecond, Dist: "normal",
		UpRate: 5e6 / 8, DownRate: 10e6 / 8},
	"lte-edge": {Latency: 60 * time.Millisecond, Jitter: 20 * time.Millisecond, Dist: "normal",
		Loss: "ge:1%,50%,50%,100%", UpRate: 256e3 / 8, DownRate: 1e6 / 8},
	"lte-congested": {Latency: 150 * time.Millisecond, Jitter: 60 * time.Millisecond, Dist: "pareto",
		Loss: "ge:2%,40%,40%,100%", UpRate: 128e3 / 8, DownRate: 500e3 / 8, DNSFail: 0.02, ConnFail: 0.02},
	"wifi-good": {Latency: 3 * time.Millisecond, Jitter: time.Millisecond, Dist: "normal",
		UpRate: 50e6 / 8, DownRate: 50e6 / 8},
	"wifi-flaky": {Latency: 10 * time.Millisecond, Jitter: 15 * time.Millisecond, Dist: "pareto",
		Loss: "ge:2%,50%,30%,100%", UpRate: 5e6 / 8, DownRate: 5e6 / 8, Drop: "2%/min"},
	"eth": {Latency: 500 * time.Microsecond, UpRate: 100e6 / 8, DownRate: 100e6 / 8},
}

// PresetNames lists the presets in sorted order.
func PresetNames() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Preset returns a named profile (ideal, lte-good, lte-edge, lte-congested,
// wifi-good, wifi-flaky, eth), ignoring case. Its Profile field is empty:
// the values are the profile.
func Preset(name string) (Config, error) {
	c, ok := presets[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return Config{}, fmt.Errorf("netif: unknown profile %q (want one of %s)", name, strings.Join(PresetNames(), ", "))
	}
	return c, nil
}

// Resolve returns the settings c stands for: the preset named by c.Profile
// with every non-zero field of c laid over it. Profile is kept as a label.
func Resolve(c Config) (Config, error) {
	if c.Profile == "" {
		return c, nil
	}
	p, err := Preset(c.Profile)
	if err != nil {
		return Config{}, err
	}
	p.Profile = strings.ToLower(c.Profile)
	overlay(&p, c)
	return p, nil
}

// overlay copies the non-zero fields of c onto p.
func overlay(p *Config, c Config) {
	setIf(&p.Latency, c.Latency)
	setIf(&p.Jitter, c.Jitter)
	setIf(&p.Dist, c.Dist)
	setIf(&p.Loss, c.Loss)
	setIf(&p.Retries, c.Retries)
	setIf(&p.UpRate, c.UpRate)
	setIf(&p.DownRate, c.DownRate)
	setIf(&p.MTU, c.MTU)
	setIf(&p.Drop, c.Drop)
	setIf(&p.Down, c.Down)
	setIf(&p.DNSFail, c.DNSFail)
	setIf(&p.ConnFail, c.ConnFail)
}

func setIf[T comparable](dst *T, v T) {
	var zero T
	if v != zero {
		*dst = v
	}
}
