package emulator

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/netif"
)

// TestWaitBearerAfterAnnouncement: during a cellular outage a websocket
// dial's bearer wait blocks; when the network returns it ends only once
// "+CGEV: ME PDN ACT 1" is in the engine's queue, so anything emitted after
// it (a +WSCONACK) reaches the host after the registration URCs. (The
// window the scheduler barrier closes — state changed, URCs not yet queued
// — is microseconds wide; this test pins the order, TestWSOutageNoLoss
// exercises it under load.)
func TestWaitBearerAfterAnnouncement(t *testing.T) {
	r := startRig(t, testConfig())
	r.settle()
	cell := r.d.Net().Interface(netif.LWIPGP)
	if err := cell.Configure(netif.Config{Down: "now"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.dte.ReadUntil("+CGEV: NW PDN DEACT 1\r\n", 1<<20); err != nil {
		t.Fatalf("no outage URC: %v", err)
	}
	r.settle()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.s.waitBearer(ctx, r.s.ws.link) }()
	select {
	case err := <-done:
		t.Fatalf("waitBearer returned during the outage: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	if err := cell.Configure(netif.Config{}); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	const mark = "MARK"
	if err := r.s.eng.Emit(ctx, atcmd.URC{Line: mark}); err != nil {
		t.Fatal(err)
	}
	got, err := r.dte.ReadUntil(mark+"\r\n", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, []byte("+CGEV: ME PDN ACT 1\r\n")) {
		t.Fatalf("before the mark the host saw %q, want +CGEV: ME PDN ACT 1 first", got)
	}
}
