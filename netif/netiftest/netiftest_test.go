package netiftest_test

import (
	"context"
	"errors"
	"io"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/netif/netiftest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestPipeNetUnderSynctest: an impaired interface over PipeNet delays by
// exactly the configured latency in virtual time; events are recorded.
func TestPipeNetUnderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		pn := netiftest.NewPipeNet(4)
		set := netif.NewSet(&netif.Options{Dial: pn.Dial, Hosts: map[string]string{"echo.test": "10.0.0.1:9"}})
		defer set.Close()
		gp := set.Interface(netif.LWIPGP)
		ev := netiftest.NewEvents()
		defer gp.Subscribe(ev.Record)()
		if err := gp.Configure(netif.Config{Latency: 40 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
		c, err := gp.DialContext(context.Background(), "tcp", "echo.test:80")
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		far, _ := pn.Accept(context.Background())
		defer far.Conn.Close()
		if far.Addr != "10.0.0.1:9" {
			t.Fatalf("dialed %q", far.Addr)
		}
		start := time.Now()
		go c.Write([]byte("ping"))
		buf := make([]byte, 4)
		if _, err := io.ReadFull(far.Conn, buf); err != nil || string(buf) != "ping" {
			t.Fatal(string(buf), err)
		}
		if d := time.Since(start); d != 40*time.Millisecond {
			t.Fatalf("delay %v, want 40ms", d)
		}
		gp.SetUp(false)
		got, err := ev.Wait(context.Background(), 1)
		if err != nil || got[0].Up || got[0].Iface != netif.LWIPGP {
			t.Fatalf("events %+v, %v", got, err)
		}
	})
}

func TestPipeNetBacklog(t *testing.T) {
	pn := netiftest.NewPipeNet(1)
	a, err := pn.Dial(context.Background(), "tcp", "x:1")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := pn.Dial(context.Background(), "tcp", "x:2"); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("second dial: %v, want ECONNREFUSED", err)
	}
	far, _ := pn.Accept(context.Background())
	far.Conn.Close()
	if d := pn.Dialed(); len(d) != 1 || d[0] != "x:1" {
		t.Fatalf("Dialed %v", d)
	}
}
