package netif_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/air780emu/air780emu/netif"
)

func ExampleParseSpec() {
	name, cfg, err := netif.ParseSpec("lwip_gp:latency=80ms,jitter=20ms,dist=normal,loss=ge:1%,30%,0%,100%,rate=2mbit,down=10s/60s")
	if err != nil {
		panic(err)
	}
	fmt.Println(name)
	fmt.Println(cfg.Latency, cfg.Jitter, cfg.Dist, cfg.Loss)
	fmt.Println(cfg.UpRate, cfg.DownRate, "bytes/s")
	fmt.Println(netif.FormatSpec(name, cfg))

	_, _, err = netif.ParseSpec("ETH0:latency=80ms,colour=red")
	fmt.Println(err)
	// Output:
	// LWIP_GP
	// 80ms 20ms normal ge:1%,30%,0%,100%
	// 250000 250000 bytes/s
	// LWIP_GP:latency=80ms,jitter=20ms,dist=normal,loss=ge:1%,30%,0%,100%,rate=2mbit,down=10s/60s
	// netif: -net ETH0: unknown key "colour" (want one of profile, latency, jitter, dist, loss, retries, rate, uprate, downrate, mtu, drop, down, dnsfail, connfail)
}

func ExamplePreset() {
	for _, n := range netif.PresetNames() {
		c, _ := netif.Preset(n)
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%-13s %s", n, c)))
	}
	// Output:
	// eth           latency=500µs,rate=100mbit
	// ideal
	// lte-congested latency=150ms,jitter=60ms,dist=pareto,loss=ge:2%,40%,40%,100%,uprate=16kB,downrate=500kbit,dnsfail=2%,connfail=2%
	// lte-edge      latency=60ms,jitter=20ms,dist=normal,loss=ge:1%,50%,50%,100%,uprate=32kB,downrate=1mbit
	// lte-good      latency=25ms,jitter=5ms,dist=normal,uprate=5mbit,downrate=10mbit
	// wifi-flaky    latency=10ms,jitter=15ms,dist=pareto,loss=ge:2%,50%,30%,100%,rate=5mbit,drop=2%/min
	// wifi-good     latency=3ms,jitter=1ms,dist=normal,rate=50mbit
}

func ExampleParseRate() {
	for _, s := range []string{"2mbit", "500kbit", "100kB", "1MB", "64KiB"} {
		r, _ := netif.ParseRate(s)
		fmt.Println(s, "=", r, "bytes/s =", netif.FormatRate(r))
	}
	// Output:
	// 2mbit = 250000 bytes/s = 2mbit
	// 500kbit = 62500 bytes/s = 500kbit
	// 100kB = 100000 bytes/s = 100kB
	// 1MB = 1000000 bytes/s = 1MB
	// 64KiB = 65536 bytes/s = 65536
}

func ExampleResolve() {
	_, c, _ := netif.ParseSpec("LWIP_GP:profile=lte-edge,latency=100ms")
	e, _ := netif.Resolve(c)
	fmt.Println(c)
	fmt.Println(e)
	// Output:
	// profile=lte-edge,latency=100ms
	// profile=lte-edge,latency=100ms,jitter=20ms,dist=normal,loss=ge:1%,50%,50%,100%,uprate=32kB,downrate=1mbit
}

// A device dials through its cellular interface; the connection's segments
// pass the interface's stages. (Compile-only: it needs a server.)
func ExampleInterface_DialContext() {
	set := netif.NewSet(&netif.Options{Seed: 1, Hosts: map[string]string{"echo.test": "127.0.0.1:9000"}})
	defer set.Close()
	gp := set.Interface(netif.LWIPGP)
	_, cfg, _ := netif.ParseSpec("LWIP_GP:profile=lte-good")
	if err := gp.Configure(cfg); err != nil {
		panic(err)
	}
	cancel := gp.Subscribe(func(e netif.Event) { fmt.Println(e.Iface, "up:", e.Up) })
	defer cancel()
	c, err := gp.DialContext(context.Background(), "tcp", "echo.test:80")
	if err != nil {
		return
	}
	defer c.Close()
	io.WriteString(c, "hello")
}
