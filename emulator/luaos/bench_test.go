package luaos

import (
	"context"
	"runtime"
	"sort"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/air780emu/air780emu/wsclient"
)

// bootOnce runs script until its log shows line and returns the time from
// calling Run to that line; teardown is not timed.
func bootOnce(b *testing.B, opts Options, line string) time.Duration {
	sink := newLogSink()
	opts.Stdout = sink
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	t0 := time.Now()
	go func() { done <- Run(ctx, opts) }()
	sink.waitFor(b, line, 10*time.Second)
	d := time.Since(t0)
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	return d
}

// median of ds in milliseconds.
func medianMS(ds []time.Duration) float64 {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return float64(ds[len(ds)/2].Microseconds()) / 1000
}

// baselineLuaState is the bare cost the boot is compared with: a default
// gopher-lua state running one chunk.
func baselineLuaState() time.Duration {
	t0 := time.Now()
	L := lua.NewState()
	_ = L.DoString("x = 1")
	L.Close()
	return time.Since(t0)
}

// BenchmarkBootToIPReady measures Run → the script's IP_READY subscriber
// (ideal interface, NetReadyDelay 0), against a bare lua.NewState+DoString
// in the same run.
func BenchmarkBootToIPReady(b *testing.B) {
	dir := writeProject(b, map[string]string{"main.lua": `
sys.subscribe("IP_READY", function(ip, a) log.info("net", "IP_READY", a) end)
sys.run()
`})
	var ds, base []time.Duration
	for b.Loop() {
		ds = append(ds, bootOnce(b, Options{Script: dir}, "I/user.net IP_READY 1"))
		base = append(base, baselineLuaState())
	}
	m, bm := medianMS(ds), medianMS(base)
	b.ReportMetric(m, "ms/boot-median")
	b.ReportMetric(bm, "ms/bare-state-median")
	b.ReportMetric(m/bm, "x-bare")
}

// BenchmarkBootToConack measures Run → the conack callback of a client to
// the echo server on 127.0.0.1 (ideal interface), against a bare wsclient
// Create+Connect → Conack in the same run.
func BenchmarkBootToConack(b *testing.B) {
	env, srv := echoEnv(b)
	dir := writeProject(b, map[string]string{"main.lua": `
local wsc = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/echo2")
wsc:on(function(c, ev) if ev == "conack" then log.info("ws", "conack") end end)
wsc:connect()
sys.run()
`})
	var ds, base []time.Duration
	for b.Loop() {
		ds = append(ds, bootOnce(b, Options{Script: dir, Env: env}, "I/user.ws conack"))
		base = append(base, bareConack(b, "ws://"+srv.Addr()+"/ws/echo2"))
	}
	m, bm := medianMS(ds), medianMS(base)
	b.ReportMetric(m, "ms/boot-conack-median")
	b.ReportMetric(bm, "ms/bare-wsclient-median")
	b.ReportMetric(m/bm, "x-bare")
}

// bareConack is the baseline: wsclient alone, Create → Conack.
func bareConack(b *testing.B, url string) time.Duration {
	t0 := time.Now()
	c, err := wsclient.Create(url, nil)
	if err != nil {
		b.Fatal(err)
	}
	c.Connect()
	ev := <-c.Events()
	d := time.Since(t0)
	if ev.Kind != wsclient.Conack {
		b.Fatalf("bare client: %+v", ev)
	}
	_ = c.Close()
	return d
}

// BenchmarkMemoryPerDevice boots N devices, each with one connected
// client, and reports the Go heap in use per device (HeapInuse delta after
// GC), against N bare small-registry LStates in the same run.
func BenchmarkMemoryPerDevice(b *testing.B) {
	const n = 20
	env, srv := echoEnv(b)
	dir := writeProject(b, map[string]string{"main.lua": `
local wsc = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/echo2")
wsc:on(function(c, ev) if ev == "conack" then log.info("ws", "conack") end end)
wsc:connect()
sys.run()
`})
	var perDev, perState, perClient float64
	for b.Loop() {
		before := heapInuse()
		var stops []func() error
		for range n {
			sink, stop := start(b, Options{Script: dir, Env: env})
			sink.waitFor(b, "I/user.ws conack", 10*time.Second)
			stops = append(stops, stop)
		}
		perDev = float64(heapInuse()-before) / n
		for _, s := range stops {
			if err := s(); err != nil {
				b.Fatal(err)
			}
		}
		before = heapInuse()
		states := make([]*lua.LState, n)
		for i := range states {
			states[i] = lua.NewState(lua.Options{CallStackSize: 120, RegistrySize: 1024, RegistryMaxSize: 1024 * 20, MinimizeStackMemory: true})
		}
		perState = float64(heapInuse()-before) / n
		for _, L := range states {
			L.Close()
		}
		perClient = bareClients(b, n, "ws://"+srv.Addr()+"/ws/echo2")
	}
	b.ReportMetric(perDev/1024, "KiB/device")
	b.ReportMetric(perState/1024, "KiB/bare-state")
	b.ReportMetric(perDev/perState, "x-bare")
	b.ReportMetric(perClient/1024, "KiB/bare-ws-conn")
}

// bareClients connects n bare wsclients and returns the heap per
// connection; the in-process echo server's side is included, as it is in
// the per-device figure.
func bareClients(b *testing.B, n int, url string) float64 {
	before := heapInuse()
	cs := make([]*wsclient.Client, n)
	for i := range cs {
		c, err := wsclient.Create(url, nil)
		if err != nil {
			b.Fatal(err)
		}
		c.Connect()
		if ev := <-c.Events(); ev.Kind != wsclient.Conack {
			b.Fatalf("bare client: %+v", ev)
		}
		cs[i] = c
	}
	per := float64(heapInuse()-before) / float64(n)
	for _, c := range cs {
		_ = c.Close()
	}
	return per
}

// heapInuse reads HeapInuse after three GCs (baselines.md §4's method).
func heapInuse() int64 {
	for range 3 {
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse)
}
