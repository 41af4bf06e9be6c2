package netif

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Limits and defaults of the stages.
const (
	defaultMTU     = 1500 // Ethernet/LTE PDCP IP MTU
	minMTU         = 68   // RFC 791 minimum
	maxMTU         = 65535
	tcpIPHeader    = 40 // IPv4 + TCP without options: payload = MTU - 40 (1460)
	defaultRetries = 6
	maxRetries     = 100
	// minRTO follows Linux (TCP_RTO_MIN = 200 ms), not RFC 6298 §2.4's 1 s:
	// the peers a device talks to are Linux servers.
	minRTO = 200 * time.Millisecond
	maxRTO = 120 * time.Second // Linux TCP_RTO_MAX
	// maxDelay bounds latency and jitter: beyond it a "network" is a bug in
	// the config, and the bound keeps delay arithmetic far from overflow.
	maxDelay = time.Hour
)

// dist is a jitter distribution.
type dist uint8

const (
	distNormal dist = iota
	distUniform
	distPareto
)

// dists maps the dist= names; "" is netem's default, normal.
var dists = map[string]dist{"": distNormal, "normal": distNormal, "uniform": distUniform, "pareto": distPareto}

// Directions index per-direction state: up is device → network (Write),
// down is network → device (Read).
const (
	dirUp = iota
	dirDown
)

// plan is a compiled Config: what the stages read for every segment. Plans
// are immutable and swapped atomically by Configure.
type plan struct {
	cfg     Config // as given to Configure
	eff     Config // resolved (profile applied)
	staged  bool   // the data path needs the stage pipeline
	latency time.Duration
	jitter  time.Duration
	dist    dist
	loss    lossSpec
	retries int
	rto     time.Duration // initial retransmission timeout
	rate    [2]int64      // bytes/s per direction, 0 unlimited
	mss     int           // TCP segment payload
	drop    dropSpec
	down    outageSpec
	dnsFail float64
	conFail float64
}

// idealPlan is the zero Config compiled.
var idealPlan = mustCompile(Config{})

func mustCompile(c Config) *plan {
	p, err := compile(c)
	if err != nil {
		panic(err)
	}
	return p
}

// compile validates c and returns its plan; errors name the field.
func compile(c Config) (*plan, error) {
	e, err := Resolve(c)
	if err != nil {
		return nil, err
	}
	p := &plan{cfg: c, eff: e, latency: e.Latency, jitter: e.Jitter, rate: [2]int64{e.UpRate, e.DownRate}}
	if err := p.parseStrings(e); err != nil {
		return nil, err
	}
	if err := p.checkNumbers(e); err != nil {
		return nil, err
	}
	// RFC 6298 §2: RTO = SRTT + 4·RTTVAR. With the same one-way delay both
	// ways, SRTT ≈ 2·latency; RTTVAR ≈ jitter is our approximation
	// (inferred). Clamped to Linux's [200 ms, 120 s].
	p.rto = max(minRTO, min(maxRTO, 2*p.latency+4*p.jitter))
	p.staged = p.latency > 0 || p.jitter > 0 || p.loss.Kind != lossNone || p.rate != [2]int64{}
	return p, nil
}

// parseStrings compiles the string-valued fields.
func (p *plan) parseStrings(e Config) error {
	d, ok := dists[strings.ToLower(e.Dist)]
	if !ok {
		return fmt.Errorf("netif: dist: %q: want normal, uniform or pareto", e.Dist)
	}
	p.dist = d
	var err error
	if e.Loss != "" {
		if p.loss, err = parseLoss(e.Loss); err != nil {
			return fmt.Errorf("netif: loss: %w", err)
		}
	}
	if e.Drop != "" {
		if p.drop, err = parseDrop(e.Drop); err != nil {
			return fmt.Errorf("netif: drop: %w", err)
		}
	}
	if p.down, err = parseDown(e.Down); err != nil {
		return fmt.Errorf("netif: down: %w", err)
	}
	return nil
}

// checkNumbers validates the numeric fields and fills defaults.
func (p *plan) checkNumbers(e Config) error {
	switch {
	case e.Latency < 0 || e.Jitter < 0 || e.Latency > maxDelay || e.Jitter > maxDelay:
		return fmt.Errorf("netif: latency/jitter: want 0..%v", maxDelay)
	case e.Retries < 0 || e.Retries > maxRetries:
		return fmt.Errorf("netif: retries: %d: want 1..%d (0 = default %d)", e.Retries, maxRetries, defaultRetries)
	case e.MTU != 0 && (e.MTU < minMTU || e.MTU > maxMTU):
		return fmt.Errorf("netif: mtu: %d: want %d..%d (0 = default %d)", e.MTU, minMTU, maxMTU, defaultMTU)
	case e.UpRate < 0 || e.DownRate < 0 || e.UpRate > maxRate || e.DownRate > maxRate:
		return fmt.Errorf("netif: rate: want 0 (unlimited) .. 1TB/s")
	case !isProb(e.DNSFail):
		return fmt.Errorf("netif: dnsfail: %v: want 0..1", e.DNSFail)
	case !isProb(e.ConnFail):
		return fmt.Errorf("netif: connfail: %v: want 0..1", e.ConnFail)
	}
	p.retries = cmpOr(e.Retries, defaultRetries)
	p.mss = cmpOr(e.MTU, defaultMTU) - tcpIPHeader
	p.dnsFail, p.conFail = e.DNSFail, e.ConnFail
	return nil
}

func isProb(f float64) bool { return !math.IsNaN(f) && f >= 0 && f <= 1 }

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
