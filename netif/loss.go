package netif

import "math/rand/v2"

// lossModel is the per-direction state of a loss process: Bernoulli, or the
// two-state Gilbert-Elliott chain of netem (tc-netem(8) "loss gemodel";
// kernel net/sched/sch_netem.c loss_gilb_ell). Each call is one
// transmission attempt; a retransmission is a new attempt, so bursts hit
// retransmissions too, as on a real fading link.
type lossModel struct {
	bad bool // Gilbert-Elliott state
}

// lost draws whether the next transmission is lost under spec s. Like
// netem, it first draws the state transition out of the current state, then
// draws the loss with the loss probability of the state the step began in
// (1-K in good, 1-H in bad). The mean bad run is 1/R transmissions and the
// steady-state loss is P/(P+R)·(1-H) + R/(P+R)·(1-K) (anchors.md §B.2).
func (m *lossModel) lost(r *rand.Rand, s lossSpec) bool {
	switch s.Kind {
	case lossBernoulli:
		return r.Float64() < s.P
	case lossGE:
		if !m.bad {
			m.bad = r.Float64() < s.P
			return r.Float64() < 1-s.K
		}
		m.bad = r.Float64() >= s.R
		return r.Float64() < 1-s.H
	}
	return false
}
