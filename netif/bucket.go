package netif

import (
	"sync"
	"time"
)

// bucket is a token bucket in virtual time, one per interface and direction:
// a radio link's capacity is shared by every connection on it, so rate= is
// per interface, not per connection. It holds at most one segment's worth of
// tokens (depth = MSS), so a backlogged link releases exactly one segment per
// size/rate and an idle one lets a single segment through at once. Times are
// virtual: a segment's departure is computed when it arrives, so a rate
// change applies to segments arriving afterwards, queued behind the backlog
// already scheduled. Retransmissions do not consume tokens (simplification).
type bucket struct {
	mu    sync.Mutex
	empty time.Time // when the bucket's debt drains to zero (full of tokens)
}

// depart returns when n bytes that arrived at now leave the bucket under
// rate bytes/s with depth bytes of burst; rate 0 means unlimited.
func (b *bucket) depart(now time.Time, n, depth int, rate int64) time.Time {
	if rate <= 0 {
		return now
	}
	cost := bytesDur(n, rate)
	slack := bytesDur(max(0, depth-n), rate)
	b.mu.Lock()
	defer b.mu.Unlock()
	d := now
	if t := b.empty.Add(-slack); t.After(d) {
		d = t
	}
	start := b.empty
	if d.After(start) {
		start = d
	}
	b.empty = start.Add(cost)
	return d
}

// bytesDur is the time n bytes take at rate bytes/s.
func bytesDur(n int, rate int64) time.Duration {
	return time.Duration(int64(n) * int64(time.Second) / rate)
}
