package netif

import "sync/atomic"

// counters are an interface's statistics, updated with atomic adds so the
// ideal data path stays lock-free.
type counters struct {
	bytesUp, bytesDown    atomic.Int64
	segments              atomic.Int64
	losses, retransmits   atomic.Int64
	resets, drops         atomic.Int64
	dnsFailures, connFail atomic.Int64
}

func (c *counters) snapshot() Counters {
	return Counters{
		BytesUp: c.bytesUp.Load(), BytesDown: c.bytesDown.Load(),
		Segments: c.segments.Load(),
		Losses:   c.losses.Load(), Retransmits: c.retransmits.Load(),
		Resets: c.resets.Load(), Drops: c.drops.Load(),
		DNSFailures: c.dnsFailures.Load(), ConnFails: c.connFail.Load(),
	}
}

// Counters returns the interface's statistics. Bytes count payload that
// crossed the interface (up: written to the network; down: read by the
// device); Segments count MSS-sized chunks in both directions; Losses count
// lost transmissions, Retransmits the retransmissions they caused; Resets
// count connections reset by retransmission exhaustion or by the interface
// going down; Drops count drop= resets.
func (i *Interface) Counters() Counters { return i.ctr.snapshot() }
