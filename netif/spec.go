package netif

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// This file holds the -net grammar (DESIGN.md "Network interfaces"):
//
//	IFACE:key=value,key=value,...
//
// IFACE is LWIP_GP, ETH0, STA or AP in any case. Keys: profile, latency,
// jitter, dist, loss, retries, rate, uprate, downrate, mtu, drop, down,
// dnsfail, connfail. "down" may stand alone (down now). A Gilbert-Elliott
// loss value contains commas (loss=ge:1%,30%,0%,100%): the bare tokens that
// follow a ge: value and read as probabilities belong to it.
//
// Units: latency and jitter are Go durations, one way; rates are bytes/s
// (see ParseRate) of payload; mtu is the link MTU in bytes (68..65535,
// default 1500), a TCP segment carrying mtu-40 bytes of payload; loss,
// dnsfail and connfail are "P%" or 0..1; drop is "P%/min" or "every:D";
// down is "now" (or bare "down") or "D/T".

// specKeys lists the keys in the order String prints them.
var specKeys = []string{"profile", "latency", "jitter", "dist", "loss", "retries",
	"rate", "uprate", "downrate", "mtu", "drop", "down", "dnsfail", "connfail"}

// ParseName returns the interface called s, ignoring case.
func ParseName(s string) (Name, error) {
	for _, n := range Names {
		if strings.EqualFold(strings.TrimSpace(s), string(n)) {
			return n, nil
		}
	}
	return "", fmt.Errorf("netif: unknown interface %q (want LWIP_GP, ETH0, STA or AP)", s)
}

// ParseSpec parses one -net flag value "IFACE:k=v,...". The Config it
// returns is unresolved: Profile names the preset and the other fields hold
// only the keys given (Resolve merges them). A numeric key set to zero cannot
// override a preset's non-zero value, since zero means "unset".
func ParseSpec(s string) (Name, Config, error) {
	ns, body, ok := strings.Cut(s, ":")
	if !ok {
		return "", Config{}, fmt.Errorf("netif: -net %q: want IFACE:key=value,...", s)
	}
	name, err := ParseName(ns)
	if err != nil {
		return "", Config{}, err
	}
	c, err := parseBody(body)
	if err != nil {
		return "", Config{}, fmt.Errorf("netif: -net %s: %w", name, err)
	}
	return name, c, nil
}

// parseBody parses the comma-separated key=value list.
func parseBody(body string) (Config, error) {
	var c Config
	seen := map[string]bool{}
	var zeroed []string
	for _, kv := range splitSpec(body) {
		k, v, _ := strings.Cut(kv, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if seen[k] {
			return Config{}, fmt.Errorf("key %s given twice", k)
		}
		seen[k] = true
		zero, err := setKey(&c, k, v)
		if err != nil {
			return Config{}, err
		}
		if zero {
			zeroed = append(zeroed, k)
		}
	}
	return c, checkZeroOverrides(c, zeroed)
}

// splitSpec splits on commas, re-joining the parameters of a ge: loss value
// and turning a bare "down" into "down=now".
func splitSpec(body string) []string {
	var out []string
	for _, tok := range strings.Split(body, ",") {
		t := strings.TrimSpace(tok)
		if t == "" {
			continue
		}
		if n := len(out); n > 0 && !strings.Contains(t, "=") && joinsGE(out[n-1], t) {
			out[n-1] += "," + t
			continue
		}
		out = append(out, t)
	}
	return out
}

// joinsGE reports whether bare token t continues the ge: loss value in prev.
func joinsGE(prev, t string) bool {
	k, v, _ := strings.Cut(prev, "=")
	if strings.ToLower(strings.TrimSpace(k)) != "loss" {
		return false
	}
	v = strings.ToLower(strings.TrimSpace(v))
	if !strings.HasPrefix(v, "ge:") || strings.Count(v, ",") >= 3 {
		return false
	}
	_, err := parseProb(t)
	return err == nil
}

// setKey stores one key's value in c; zero reports a numeric value of 0.
func setKey(c *Config, k, v string) (zero bool, err error) {
	bad := func(e error) (bool, error) { return false, fmt.Errorf("%s: %w", k, e) }
	switch k {
	case "profile":
		if _, err := Preset(v); err != nil {
			return bad(err)
		}
		c.Profile = strings.ToLower(v)
	case "latency", "jitter":
		d, err := parseDur(v)
		if err == nil && d > maxDelay {
			err = fmt.Errorf("%q exceeds %v", v, maxDelay)
		}
		if err != nil {
			return bad(err)
		}
		if k == "latency" {
			c.Latency = d
		} else {
			c.Jitter = d
		}
		return d == 0, nil
	case "dist":
		d := strings.ToLower(v)
		if _, ok := dists[d]; !ok || d == "" {
			return bad(fmt.Errorf("%q: want normal, uniform or pareto", v))
		}
		c.Dist = d
	case "loss":
		if _, err := parseLoss(v); err != nil {
			return bad(err)
		}
		c.Loss = strings.ToLower(v)
	case "retries":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxRetries {
			return bad(fmt.Errorf("%q: want an integer 1..%d (0 = default %d)", v, maxRetries, defaultRetries))
		}
		c.Retries = n
		return n == 0, nil
	case "rate", "uprate", "downrate":
		return setRate(c, k, v)
	case "mtu":
		n, err := strconv.Atoi(v)
		if err != nil || (n != 0 && (n < minMTU || n > maxMTU)) {
			return bad(fmt.Errorf("%q: want an integer %d..%d (0 = default %d)", v, minMTU, maxMTU, defaultMTU))
		}
		c.MTU = n
		return n == 0, nil
	case "drop":
		if _, err := parseDrop(v); err != nil {
			return bad(err)
		}
		c.Drop = strings.ToLower(v)
	case "down":
		if v == "" {
			v = "now"
		}
		if _, err := parseDown(v); err != nil {
			return bad(err)
		}
		c.Down = strings.ToLower(v)
	case "dnsfail", "connfail":
		p, err := parseProb(v)
		if err != nil {
			return bad(err)
		}
		if k == "dnsfail" {
			c.DNSFail = p
		} else {
			c.ConnFail = p
		}
		return p == 0, nil
	default:
		return false, fmt.Errorf("unknown key %q (want one of %s)", k, strings.Join(specKeys, ", "))
	}
	return false, nil
}

// setRate stores rate (both directions), uprate or downrate.
func setRate(c *Config, k, v string) (bool, error) {
	r, err := ParseRate(v)
	if err != nil {
		return false, fmt.Errorf("%s: %w", k, err)
	}
	if k != "downrate" {
		c.UpRate = r
	}
	if k != "uprate" {
		c.DownRate = r
	}
	return r == 0, nil
}

// checkZeroOverrides rejects a key set to 0 when the profile's value is not 0.
func checkZeroOverrides(c Config, zeroed []string) error {
	if c.Profile == "" || len(zeroed) == 0 {
		return nil
	}
	p, _ := Preset(c.Profile)
	for _, k := range zeroed {
		if presetSets(p, k) {
			return fmt.Errorf("%s=0 cannot override profile %s (zero means unset); drop profile= and give the keys", k, c.Profile)
		}
	}
	return nil
}

// presetSets reports whether preset p has a non-zero value for key k.
func presetSets(p Config, k string) bool {
	switch k {
	case "rate":
		return p.UpRate != 0 || p.DownRate != 0
	case "uprate":
		return p.UpRate != 0
	case "downrate":
		return p.DownRate != 0
	}
	return fieldString(p, k) != ""
}

// String prints c as the k=v list ParseSpec reads back: the profile first,
// then every set key. It omits the interface name (see FormatSpec).
func (c Config) String() string {
	var parts []string
	for _, k := range specKeys {
		if v := fieldString(c, k); v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	return strings.Join(parts, ",")
}

// FormatSpec prints a complete -net value for interface n.
func FormatSpec(n Name, c Config) string { return string(n) + ":" + c.String() }

// fieldString prints the value of key k in c, or "" when it is unset. rate
// stands for both directions when they are equal.
func fieldString(c Config, k string) string {
	switch k {
	case "profile":
		return c.Profile
	case "latency":
		return durString(c.Latency)
	case "jitter":
		return durString(c.Jitter)
	case "dist":
		return c.Dist
	case "loss":
		return c.Loss
	case "retries":
		return intString(c.Retries)
	case "rate":
		if c.UpRate == c.DownRate && c.UpRate != 0 {
			return FormatRate(c.UpRate)
		}
	case "uprate":
		if c.UpRate != c.DownRate && c.UpRate != 0 {
			return FormatRate(c.UpRate)
		}
	case "downrate":
		if c.UpRate != c.DownRate && c.DownRate != 0 {
			return FormatRate(c.DownRate)
		}
	case "mtu":
		return intString(c.MTU)
	case "drop":
		return c.Drop
	case "down":
		return c.Down
	case "dnsfail":
		return probString(c.DNSFail)
	case "connfail":
		return probString(c.ConnFail)
	}
	return ""
}

func durString(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func intString(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func probString(p float64) string {
	if p == 0 {
		return ""
	}
	return formatProb(p)
}
