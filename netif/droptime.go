package netif

import (
	"math"
	"time"
)

// dropLifetime turns a unit exponential draw e into a connection lifetime
// for a drop rule of probability perMin per minute: rate λ = -ln(1-P)/min.
// P = 1 means "at once".
func dropLifetime(e, perMin float64) time.Duration {
	if perMin >= 1 {
		return 0
	}
	lambda := -math.Log1p(-perMin) // per minute
	mins := e / lambda
	if mins > float64(math.MaxInt64)/float64(time.Minute) {
		return math.MaxInt64
	}
	return time.Duration(mins * float64(time.Minute))
}
