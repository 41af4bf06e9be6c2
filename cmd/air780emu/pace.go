package main

import (
	"io"
	"net"
	"sync"
	"time"
)

// pacer is an io.ReadWriter decorator that paces writes to a UART's
// throughput (-pace): baud/10 bytes per second (8N1: a start bit, 8 data
// bits, a stop bit per byte). It is a token bucket with a burst of about
// 10 ms of bytes: each burst is written when the line would be free, so a
// host sees bytes arrive at the configured rate on average, in bursts no
// longer than 10 ms (far above the Go timer's ~0.1–0.3 ms lateness,
// baselines.md §0). Reads pass through.
type pacer struct {
	rw       io.ReadWriter
	byteTime time.Duration // time one byte occupies the line
	burst    int           // bytes written per wake-up

	mu   sync.Mutex // serialises writers; guards free
	free time.Time  // when the line is idle again

	done chan struct{}
	once sync.Once
}

// pacerBurst is how much line time one burst may carry.
const pacerBurst = 10 * time.Millisecond

// newPacer wraps rw, pacing writes at baud (bits per second, 10 bits per byte).
func newPacer(rw io.ReadWriter, baud int) *pacer {
	byteTime := time.Duration(int64(time.Second) * 10 / int64(baud))
	burst := int(pacerBurst / byteTime)
	if burst < 1 {
		burst = 1
	}
	return &pacer{rw: rw, byteTime: byteTime, burst: burst, done: make(chan struct{})}
}

// Read passes through.
func (p *pacer) Read(b []byte) (int, error) { return p.rw.Read(b) }

// Write writes b in bursts on the line's schedule: byte k of this call
// goes on the line at start + k·byteTime, where start is now or, if the
// line is still busy with earlier bytes, when it frees. A writer woken late
// (timer lateness, a busy CPU) catches up with one larger write instead of
// drifting, so the average rate is the baud's even under load. It returns
// early with net.ErrClosed after Close.
func (p *pacer) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	if p.free.After(start) {
		start = p.free
	}
	written := 0
	defer func() { p.free = start.Add(time.Duration(written) * p.byteTime) }()
	for written < len(b) {
		if err := p.waitUntil(start.Add(time.Duration(written) * p.byteTime)); err != nil {
			return written, err
		}
		due := int(time.Since(start)/p.byteTime) - written // bytes the line owes us
		chunk := min(len(b)-written, max(due, 0)+p.burst)
		n, err := p.rw.Write(b[written : written+chunk])
		written += n
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// waitUntil sleeps until t or until the pacer is closed.
func (p *pacer) waitUntil(t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-p.done:
		return net.ErrClosed
	}
}

// Close aborts pending waits; idempotent. It does not close rw.
func (p *pacer) Close() error {
	p.once.Do(func() { close(p.done) })
	return nil
}
