package netif

import (
	"math"
	"math/rand/v2"
	"time"
)

// paretoCap bounds a standardised Pareto draw (30 standard deviations) so a
// draw of U near 0 cannot produce an hours-long delay; it shifts the mean by
// under 0.1% of the jitter.
const paretoCap = 30

// sampleDelay draws one segment's one-way delay: latency plus jitter times a
// draw from the distribution, never below zero. Jitter is the standard
// deviation for normal and pareto, and the half-width for uniform (netem's
// uniform: latency ± jitter). Negative draws are clipped to zero, which
// raises the mean when jitter is large against latency (as netem does).
func sampleDelay(r *rand.Rand, p *plan) time.Duration {
	if p.jitter == 0 {
		return p.latency
	}
	var x float64
	switch p.dist {
	case distUniform:
		x = 2*r.Float64() - 1
	case distPareto:
		x = paretoStd(r)
	default:
		x = r.NormFloat64()
	}
	d := float64(p.latency) + x*float64(p.jitter)
	return time.Duration(max(0, d))
}

// paretoStd draws from a Pareto distribution with shape α = 3 (finite
// variance, heavy right tail), standardised to mean 0 and standard deviation
// 1: X = U^(-1/3) has mean 3/2 and standard deviation √3/2. The standardising
// is ours (inferred); netem's pareto table is similar in shape.
func paretoStd(r *rand.Rand) float64 {
	u := 1 - r.Float64() // (0, 1]
	x := math.Pow(u, -1.0/3)
	return min(paretoCap, (x-1.5)/(math.Sqrt(3)/2))
}
