package wsclient

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// BenchmarkEchoRTT measures a 32-byte text echo round trip through wsclient
// (ideal interface: Options.Dial nil, a plain net.Dialer) against a bare
// coder/websocket client, both on the same built-in echo server, interleaved
// in one loop so that both see the same machine state (baselines.md §0: this
// VM's latency is bimodal). Reported: the median RTT of each and their ratio
// (target ≤ 1.2), plus the ratio of means.
func BenchmarkEchoRTT(b *testing.B) {
	srv := echoServer(b, nil)
	ctx := context.Background()
	bare, _, err := websocket.Dial(ctx, "ws://"+srv.Addr()+"/ws/echo2", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bare.CloseNow()
	c := mustCreate(b, "ws://"+srv.Addr()+"/ws/echo2", nil)
	connect(b, c)
	msg := []byte("0123456789abcdef0123456789abcdef")
	tBare := make([]time.Duration, 0, b.N)
	tWS := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := bare.Write(ctx, websocket.MessageText, msg); err != nil {
			b.Fatal(err)
		}
		if _, _, err := bare.Read(ctx); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := c.Send(msg, true, 0); err != nil {
			b.Fatal(err)
		}
		for ev := range c.Events() {
			if ev.Kind == Recv {
				break
			}
			if ev.Kind != Sent {
				b.Fatalf("event %s", short(ev))
			}
		}
		t2 := time.Now()
		tBare, tWS = append(tBare, t1.Sub(t0)), append(tWS, t2.Sub(t1))
	}
	b.StopTimer()
	mb, mw := median(tBare), median(tWS)
	b.ReportMetric(float64(mb.Nanoseconds())/1e3, "bare-med-µs")
	b.ReportMetric(float64(mw.Nanoseconds())/1e3, "wsclient-med-µs")
	b.ReportMetric(float64(mw)/float64(mb), "ratio-med")
	b.ReportMetric(float64(sum(tWS))/float64(sum(tBare)), "ratio-mean")
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func sum(d []time.Duration) time.Duration {
	var t time.Duration
	for _, x := range d {
		t += x
	}
	return t
}
