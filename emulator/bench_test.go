package emulator

import (
	"context"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

// BenchmarkATRoundTrip measures "AT+CSQ" → "+CSQ: 24,0 OK" through a full
// Device over net.Pipe against the bare atcmd engine with a one-line +CSQ
// handler, interleaved in the same run (baselines.md §0: the VM's latency
// is bimodal, so the two are alternated rather than run one after the
// other). Metrics: device-ns/op, engine-ns/op and their ratio.
func BenchmarkATRoundTrip(b *testing.B) {
	r := startRig(b, testConfig())
	r.settle()
	base := atcmdtest.Start(b, nil, func(e *atcmd.Engine) {
		e.Handle("+CSQ", func(ctx context.Context, c *atcmd.Cmd) error { c.Info("+CSQ: 24,0"); return nil })
	})
	const want = "AT+CSQ\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n"
	var dev, eng time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		if err := base.DTE.Send("AT+CSQ\r"); err != nil {
			b.Fatal(err)
		}
		if err := base.DTE.Expect(want); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := r.dte.Send("AT+CSQ\r"); err != nil {
			b.Fatal(err)
		}
		if err := r.dte.Expect(want); err != nil {
			b.Fatal(err)
		}
		dev += time.Since(t1)
		eng += t1.Sub(t0)
	}
	b.ReportMetric(float64(dev.Nanoseconds())/float64(b.N), "device-ns/op")
	b.ReportMetric(float64(eng.Nanoseconds())/float64(b.N), "engine-ns/op")
	b.ReportMetric(float64(dev)/float64(eng), "device/engine")
}

// BenchmarkDeviceHeap measures the live heap of one powered-on, registered
// device (fleet mode runs many), against a bare serving atcmd engine
// measured in the same run. Metrics: device-B, engine-B, their ratio.
func BenchmarkDeviceHeap(b *testing.B) {
	const n = 50
	heap := func(start func() func()) float64 {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		stops := make([]func(), n)
		for i := range stops {
			stops[i] = start()
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		for _, s := range stops {
			s()
		}
		return float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc)) / n
	}
	var dev, eng float64
	for b.Loop() {
		eng += heap(func() func() {
			dce, host := net.Pipe()
			e := atcmd.New(dce, nil)
			done := make(chan error, 1)
			go func() { done <- e.Serve(context.Background()) }()
			return func() { e.Close(); dce.Close(); host.Close(); <-done }
		})
		dev += heap(func() func() {
			d, err := New(testConfig())
			if err != nil {
				b.Fatal(err)
			}
			dce, host := net.Pipe()
			go drain(host)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- d.ServeAT(ctx, dce) }()
			for d.Registration() != 1 {
				time.Sleep(100 * time.Microsecond)
			}
			return func() { cancel(); <-done; dce.Close(); host.Close(); d.Close() }
		})
	}
	b.ReportMetric(dev/float64(b.N), "device-B")
	b.ReportMetric(eng/float64(b.N), "engine-B")
	b.ReportMetric(dev/eng, "device/engine")
}
