package netif

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file parses the values of the -net grammar (DESIGN.md "Network
// interfaces"). Each parser returns an error that names what it accepts; the
// caller adds the key.

// parseProb parses a probability written "10%" or "0.1" into [0, 1].
func parseProb(s string) (float64, error) {
	t := strings.TrimSpace(s)
	scale := 1.0
	if v, ok := strings.CutSuffix(t, "%"); ok {
		t, scale = v, 100
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a probability (want P%% or 0..1)", s)
	}
	f /= scale
	if f < 0 || f > 1 {
		return 0, fmt.Errorf("%q is outside 0..1 (0%%..100%%)", s)
	}
	return f, nil
}

// formatProb prints p as a percentage that parseProb reads back exactly.
func formatProb(p float64) string {
	return strconv.FormatFloat(p*100, 'g', -1, 64) + "%"
}

// parseDur parses a non-negative Go duration ("80ms", "1.5s").
func parseDur(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (want e.g. 80ms, 1.5s)", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// rateUnits maps a rate suffix (lower case) to bytes per second per unit.
// Bit units follow tc(8) ("kbit", "mbit"); byte units are SI ("kB" = 1000
// B/s, as toxiproxy's KB) unless written with "i" ("KiB" = 1024 B/s).
var rateUnits = map[string]float64{
	"": 1, "b": 1, "bps": 1,
	"bit": 1.0 / 8, "kbit": 1e3 / 8, "mbit": 1e6 / 8, "gbit": 1e9 / 8,
	"kb": 1e3, "mb": 1e6, "gb": 1e9,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30,
}

// maxRate bounds a rate so that per-segment arithmetic cannot overflow.
const maxRate = 1e12

// ParseRate parses a bandwidth such as "2mbit", "500kbit", "100kB", "1MB",
// "64KiB" or a bare number of bytes per second; an optional "/s" suffix is
// ignored. It returns bytes per second, rounded to the nearest byte; "0"
// means unlimited.
func ParseRate(s string) (int64, error) {
	t := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "/s")
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], t[i:]
	mul, ok := rateUnits[unit]
	f, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil {
		return 0, fmt.Errorf("%q is not a rate (want e.g. 2mbit, 500kbit, 100kB, 1MB, 64KiB or bytes/s)", s)
	}
	v := math.Round(f * mul)
	switch {
	case v > maxRate:
		return 0, fmt.Errorf("%q exceeds 1TB/s", s)
	case f > 0 && v < 1:
		return 0, fmt.Errorf("%q is below 1 byte/s", s)
	}
	return int64(v), nil
}

// FormatRate prints bytes per second so that ParseRate(FormatRate(r)) == r,
// choosing among the exact forms (GB, MB, kB, gbit, mbit, kbit) one with a
// count under 1000, the shortest, bits on a tie; else plain bytes/s.
func FormatRate(r int64) string {
	best := strconv.FormatInt(r, 10)
	if r <= 0 {
		return best
	}
	bestOK := false
	for _, u := range []struct {
		unit string
		div  int64 // in bits per second
	}{{"gbit", 1e9}, {"mbit", 1e6}, {"kbit", 1e3}, {"GB", 8e9}, {"MB", 8e6}, {"kB", 8e3}} {
		bits := r * 8
		if bits%u.div != 0 || bits/u.div >= 1000 {
			continue
		}
		s := strconv.FormatInt(bits/u.div, 10) + u.unit
		if !bestOK || len(s) < len(best) {
			best, bestOK = s, true
		}
	}
	return best
}

// lossKind selects a loss model.
type lossKind uint8

const (
	lossNone lossKind = iota
	lossBernoulli
	lossGE
)

// lossSpec is a parsed loss= value. For lossGE the fields follow netem's
// gemodel (tc-netem(8) "loss gemodel p [r [1-h [1-k]]]", anchors.md §B.2):
// P = P(good→bad), R = P(bad→good), H = P(delivery | bad), K = P(delivery |
// good); so loss in bad is 1-H and loss in good is 1-K. For lossBernoulli, P
// is the loss probability.
type lossSpec struct {
	Kind       lossKind
	P, R, H, K float64
}

// parseLoss parses "P%" (Bernoulli) or "ge:p[,r[,h[,k]]]" (Gilbert-Elliott).
// Our ge:p,r,h,k takes the model's own h and k, i.e. it equals
// `tc qdisc … netem loss gemodel p r 1-h 1-k`. Omitted parameters take
// netem's defaults: r = 1-p, 1-h = 100% (h = 0), 1-k = 0% (k = 1).
func parseLoss(s string) (lossSpec, error) {
	t := strings.TrimSpace(s)
	rest, isGE := strings.CutPrefix(strings.ToLower(t), "ge:")
	if !isGE {
		p, err := parseProb(t)
		if err != nil {
			return lossSpec{}, fmt.Errorf("%w; or ge:p,r,h,k", err)
		}
		if p == 0 {
			return lossSpec{}, nil
		}
		return lossSpec{Kind: lossBernoulli, P: p}, nil
	}
	parts := strings.Split(rest, ",")
	if len(parts) > 4 || rest == "" {
		return lossSpec{}, fmt.Errorf("%q: want ge:p[,r[,h[,k]]] with 1 to 4 probabilities", s)
	}
	var v [4]float64
	for i, p := range parts {
		f, err := parseProb(p)
		if err != nil {
			return lossSpec{}, fmt.Errorf("ge parameter %d: %w", i+1, err)
		}
		v[i] = f
	}
	ls := lossSpec{Kind: lossGE, P: v[0], R: 1 - v[0], H: 0, K: 1}
	if len(parts) > 1 {
		ls.R = v[1]
	}
	if len(parts) > 2 {
		ls.H = v[2]
	}
	if len(parts) > 3 {
		ls.K = v[3]
	}
	return ls, nil
}

// dropSpec is a parsed drop= value: a per-connection Poisson reset process
// (PerMin: probability that a connection is reset within one minute) or a
// reset every Every of a connection's life.
type dropSpec struct {
	PerMin float64
	Every  time.Duration
}

func (d dropSpec) active() bool { return d.PerMin > 0 || d.Every > 0 }

// parseDrop parses "P%/min" or "every:D".
func parseDrop(s string) (dropSpec, error) {
	t := strings.TrimSpace(s)
	if d, ok := strings.CutPrefix(strings.ToLower(t), "every:"); ok {
		dur, err := parseDur(d)
		if err != nil || dur == 0 {
			return dropSpec{}, fmt.Errorf("%q: want every:D with D > 0 (e.g. every:30s)", s)
		}
		return dropSpec{Every: dur}, nil
	}
	p, ok := strings.CutSuffix(t, "/min")
	if !ok {
		return dropSpec{}, fmt.Errorf("%q: want P%%/min or every:D", s)
	}
	f, err := parseProb(p)
	if err != nil {
		return dropSpec{}, fmt.Errorf("%q: want P%%/min or every:D: %w", s, err)
	}
	return dropSpec{PerMin: f}, nil
}

// outageSpec is a parsed down= value: Now (down until reconfigured), or a
// periodic outage of For every Every.
type outageSpec struct {
	Now        bool
	For, Every time.Duration
}

// parseDown parses "", "now" (or its synonyms "true" and "1") or "D/T"
// (0 < D < T).
func parseDown(s string) (outageSpec, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "":
		return outageSpec{}, nil
	case "now", "true", "1":
		return outageSpec{Now: true}, nil
	}
	ds, ts, ok := strings.Cut(t, "/")
	if !ok {
		return outageSpec{}, fmt.Errorf("%q: want now or D/T (outage D every T, e.g. 10s/60s)", s)
	}
	d, err1 := parseDur(ds)
	p, err2 := parseDur(ts)
	if err := errors.Join(err1, err2); err != nil {
		return outageSpec{}, fmt.Errorf("%q: want D/T: %w", s, err)
	}
	if d <= 0 || d >= p {
		return outageSpec{}, fmt.Errorf("%q: want 0 < D < T", s)
	}
	return outageSpec{For: d, Every: p}, nil
}
