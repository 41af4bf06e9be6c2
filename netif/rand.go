package netif

import (
	"hash/fnv"
	"math/rand/v2"
	"sync"
)

// Randomness: one seed per device (Options.Seed, -seed). Choices that belong
// to the interface (dnsfail, connfail, drop times) come from a per-interface
// locked source; the per-segment choices of a connection (loss, jitter) come
// from a source owned by that connection's direction, derived from (seed,
// interface, dial index, direction). So a run that dials in the same order
// makes the same per-segment choices whatever the goroutine interleaving.

// lockedSource is a PCG guarded by a mutex, safe for concurrent use.
type lockedSource struct {
	mu  sync.Mutex
	src *rand.PCG
}

// Uint64 implements rand.Source.
func (s *lockedSource) Uint64() uint64 {
	s.mu.Lock()
	v := s.src.Uint64()
	s.mu.Unlock()
	return v
}

// NewRand returns a *rand.Rand over a mutex-guarded PCG seeded from seed and
// stream; it is safe for concurrent use. Same arguments, same sequence.
func NewRand(seed int64, stream uint64) *rand.Rand {
	a, b := deriveSeeds(seed, stream)
	return rand.New(&lockedSource{src: rand.NewPCG(a, b)})
}

// ownedRand returns an unlocked source for one goroutine's exclusive use.
func ownedRand(seed int64, stream uint64) *rand.Rand {
	a, b := deriveSeeds(seed, stream)
	return rand.New(rand.NewPCG(a, b))
}

// deriveSeeds mixes seed and stream with SplitMix64 so that neighbouring
// streams get unrelated PCG states.
func deriveSeeds(seed int64, stream uint64) (uint64, uint64) {
	x := uint64(seed) ^ splitmix(stream)
	return splitmix(x), splitmix(x ^ 0x6a09e667f3bcc909)
}

// splitmix is SplitMix64's output function (Steele, Lea, Flood 2014).
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// nameStream returns a stream id for interface n, dial index idx and
// direction dir (idx 0 with dir 2 is the interface's own source).
func nameStream(n Name, idx uint64, dir int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(n))
	return h.Sum64() ^ splitmix(idx<<2|uint64(dir))
}
