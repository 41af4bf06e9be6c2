package luaos

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/netif"
)

// TestNetWatchCoalesce: the per-interface state machine keeps at most two
// transitions relative to the published state: a net change is one, a
// return to the published state is a pair, repeats are dropped.

// TestNetWatchCoalesce: the per-interface state machine keeps at most two
// transitions relative to the published state: a net change is one, a
// return to the published state is a pair, repeats are dropped.
func TestNetWatchCoalesce(t *testing.T) {
	cases := []struct {
		state  bool
		events []bool
		want   []bool
	}{
		{true, []bool{false}, []bool{false}},
		{true, []bool{false, true}, []bool{false, true}},
		{true, []bool{false, true, false}, []bool{false}},
		{true, []bool{false, true, false, true}, []bool{false, true}},
		{true, []bool{true, true}, nil},
		{false, []bool{true, true, false, true, false, false}, []bool{true, false}},
		{false, []bool{true, false, true, false, true}, []bool{true}},
	}
	for _, c := range cases {
		w := &netWatch{state: c.state}
		notices := 0
		for _, e := range c.events {
			if w.event(e) {
				notices++
			}
		}
		var got []bool
		for {
			up, ok, more := w.take()
			if !ok {
				break
			}
			got = append(got, up)
			w.set(up)
			if !more {
				break
			}
		}
		if !slices.Equal(got, c.want) || notices > 1 || w.notified {
			t.Errorf("state %v events %v: got %v (%d notices, notified %v), want %v",
				c.state, c.events, got, notices, w.notified, c.want)
		}
	}
}

// TestNetEventsDoNotStallDispatcher: while the VM is stuck in a busy loop
// with a one-message bus, four transitions of LWIP_GP reach another
// subscriber of the Set promptly (the VM's subscription never blocks the
// Set's dispatcher); once the VM runs again the script sees the coalesced
// flap, IP_LOSE then IP_READY, and ends up with the adapter ready.
func TestNetEventsDoNotStallDispatcher(t *testing.T) {
	env, _ := echoEnv(t)
	gp := env.Net.Interface(netif.LWIPGP)
	data := t.TempDir()
	opts := Options{Env: env, DataDir: data, QueueSize: 1, NetReadyDelay: time.Millisecond,
		Script: writeProject(t, map[string]string{"main.lua": `
sys.subscribe("IP_LOSE", function(a) log.info("ev", "IP_LOSE", a) end)
sys.subscribe("IP_READY", function(ip, a) log.info("ev", "IP_READY", a) end)
sys.taskInit(function()
  sys.waitUntil("IP_READY", 5000)
  log.info("net", "blocking")
  while not io.exists("/go") do end
  log.info("net", "unblocked")
  sys.wait(200)
  log.info("net", "final", socket.adapter(socket.dft()))
end)
sys.run()
`})}
	sink, stop := start(t, opts)
	sink.waitFor(t, "I/user.net blocking", 5*time.Second)

	got := make(chan bool, 8)
	cancel := gp.Subscribe(func(e netif.Event) { got <- e.Up })
	defer cancel()
	flaps := []bool{false, true, false, true}
	for _, up := range flaps {
		gp.SetUp(up)
		select {
		case u := <-got:
			if u != up {
				t.Fatalf("other subscriber got up=%v, want %v", u, up)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("other subscriber stalled at up=%v: the VM's subscription blocks the dispatcher", up)
		}
	}
	if err := os.WriteFile(filepath.Join(data, "go"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	sink.waitFor(t, "I/user.net final true", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	var evs []string
	for _, l := range userLines(sink.lines(), "I/user.ev") {
		evs = append(evs, strings.TrimSpace(l))
	}
	equalLines(t, evs, []string{
		"I/user.ev IP_READY 1", // boot
		"I/user.ev IP_LOSE 1",
		"I/user.ev IP_READY 1",
	})
}
