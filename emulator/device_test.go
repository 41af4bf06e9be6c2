package emulator

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/air780emu/air780emu/atcmd/atcmdtest"
	"github.com/air780emu/air780emu/netif"
)

// tcpPair returns both ends of a real TCP connection on 127.0.0.1.
func tcpPair(t *testing.T) (dce, host net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	acc := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		acc <- c
	}()
	host, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	dce = <-acc
	if dce == nil {
		t.Fatal("accept failed")
	}
	return dce, host
}

// TestServeATOverTCP runs the real path: a device served on one end of a
// TCP connection on 127.0.0.1, the host on the other, boot URCs included.
func TestServeATOverTCP(t *testing.T) {
	dce, host := tcpPair(t)
	r := startRigOn(t, testConfig(), nil, dce, host)
	r.expect("\r\nRDY\r\n\r\n^MODE: 17,17\r\n\r\n+E_UTRAN Service\r\n\r\n+CGEV: ME PDN ACT 1\r\n" +
		"\r\n+NITZ: 2024/08/23,06:52:50+32,0\r\n")
	r.exchange("AT+CPIN?", "AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n")
	r.exchange("AT+CSQ", "AT+CSQ\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n")
	r.exchange("AT+CGATT?", "AT+CGATT?\r\r\n+CGATT: 1\r\n\r\nOK\r\n")
	r.exchange("AT+CFUN=0", "AT+CFUN=0\r\r\nOK\r\n\r\n+CGEV: ME DETACH\r\n")
	if rest := r.settle(); len(rest) != 0 {
		t.Fatalf("unexpected output %q", rest)
	}
}

// TestCellularFollowsPDN checks that LWIP_GP is up exactly while cid 1 is
// active: down in CFUN 0, up again after AT+CFUN=1's PDN URC.
func TestCellularFollowsPDN(t *testing.T) {
	r := startRig(t, testConfig())
	r.settle()
	gp := r.d.Net().Interface(netif.LWIPGP)
	if !gp.Up() {
		t.Fatal("LWIP_GP down after boot")
	}
	r.exchange("AT+CFUN=0", "AT+CFUN=0\r\r\nOK\r\n")
	r.settle()
	if gp.Up() {
		t.Fatal("LWIP_GP up in CFUN 0")
	}
	r.exchange("AT+CFUN=1", "AT+CFUN=1\r\r\nOK\r\n")
	r.settle()
	if !gp.Up() {
		t.Fatal("LWIP_GP down after CFUN=1")
	}
	r.exchange("AT+CGACT=0,1", "AT+CGACT=0,1\r\r\nOK\r\n")
	r.settle()
	if gp.Up() {
		t.Fatal("LWIP_GP up with cid 1 inactive")
	}
	r.exchange(`AT+CGPADDR=1`, "AT+CGPADDR=1\r\r\n+CGPADDR: 1\r\n\r\nOK\r\n")
}

// TestPDPAddressIsCellularAddress: cid 1's address is LWIP_GP's.
func TestPDPAddressIsCellularAddress(t *testing.T) {
	r := startRig(t, testConfig())
	r.settle()
	addr := r.d.Net().Interface(netif.LWIPGP).Addr().String()
	r.exchange("AT+CGPADDR=1", "AT+CGPADDR=1\r\r\n+CGPADDR: 1,\""+addr+"\"\r\n\r\nOK\r\n")
}

// TestLifecycle: one ServeAT at a time, Close stops it and is idempotent,
// ServeAT after Close fails.
func TestLifecycle(t *testing.T) {
	d, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	go drain(b)
	done := make(chan error, 1)
	go func() { done <- d.ServeAT(context.Background(), a) }()
	waitServing(t, d)
	c, e := net.Pipe()
	defer c.Close()
	defer e.Close()
	if err := d.ServeAT(context.Background(), c); !errors.Is(err, ErrBusy) {
		t.Fatalf("second ServeAT = %v, want ErrBusy", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("ServeAT returned nil after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not stop ServeAT")
	}
	if err := d.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	if err := d.ServeAT(context.Background(), c); !errors.Is(err, ErrClosed) {
		t.Fatalf("ServeAT after Close = %v, want ErrClosed", err)
	}
	if d.Registration() != 0 {
		t.Fatalf("powered-off device reports stat %d", d.Registration())
	}
}

// TestServeATPortFailure: ServeAT returns when the port fails.
func TestServeATPortFailure(t *testing.T) {
	d, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	a, b := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- d.ServeAT(context.Background(), a) }()
	b.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("ServeAT returned nil on a failed port")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ServeAT did not return after the port failed")
	}
	a.Close()
}

func drain(c net.Conn) {
	buf := make([]byte, 4096)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

func waitServing(t *testing.T, d *Device) {
	t.Helper()
	for range 5000 {
		d.mu.Lock()
		s := d.sess
		d.mu.Unlock()
		if s != nil {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("device never served")
}

// TestStateFilePersists: AT&W writes the profile atomically to the state
// file; a new Device on the same file boots with it (echo off, IPR 9600).
func TestStateFilePersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	cfg := testConfig()
	cfg.StatePath = path
	r := startRig(t, cfg)
	r.settle()
	r.exchange("ATE0;+IPR=9600;+CMEE=2;&W", "ATE0;+IPR=9600;+CMEE=2;&W\r\r\nOK\r\n")
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("state folder holds %d files, want only the state file (no temporaries)", len(entries))
	}
	r2 := startRig(t, cfg)
	r2.settle()
	r2.exchange("AT+IPR?", "\r\n+IPR: 9600\r\n\r\nOK\r\n")
	r2.exchange("AT+CPIN=1", "\r\n+CME ERROR: operation not allowed\r\n")
	if r2.d.IPR() != 9600 {
		t.Fatalf("IPR() = %d", r2.d.IPR())
	}
}

// TestStateFileErrors: a corrupt or invalid state file fails New with a
// message naming the file; an unwritable path answers AT&W with ERROR.
func TestStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"garbage.json": "{not json",
		"cmee.json":    `{"version":1,"settings":{"Echo":true,"Verbose":true,"CMEE":7,"S3":13,"S4":10,"S5":8},"ipr":115200}`,
		"ipr.json":     `{"version":1,"settings":{"Echo":true,"Verbose":true,"CMEE":1,"S3":13,"S4":10,"S5":8},"ipr":1234}`,
		"version.json": `{"version":9}`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := testConfig()
		cfg.StatePath = p
		if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: New error = %v, want one naming the file", name, err)
		}
	}
	cfg := testConfig()
	cfg.StatePath = filepath.Join(dir, "missing-dir", "state.json")
	r := startRig(t, cfg)
	r.settle()
	r.exchange("AT&W", "AT&W\r\r\nERROR\r\n")
}

// TestNewErrors: bad configs (boot order, unknown interface, bad interface
// settings) fail New.
func TestNewErrors(t *testing.T) {
	cases := map[string]Config{
		"boot order": {Boot: &BootTiming{RDY: 2 * time.Second, Mode: time.Second}},
		"negative":   {Boot: &BootTiming{RDY: -1}},
		"interface":  {Net: map[netif.Name]netif.Config{"WLAN9": {}}},
		"netif cfg":  {Net: map[netif.Name]netif.Config{netif.LWIPGP: {Loss: "bogus"}}},
	}
	for name, cfg := range cases {
		d, err := New(cfg)
		if err == nil {
			d.Close()
			t.Errorf("%s: New succeeded", name)
		}
	}
}

// TestSetterValidation: out-of-range world events are refused.
func TestSetterValidation(t *testing.T) {
	d, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, bad := range [][2]int{{32, 0}, {-1, 0}, {10, 8}, {98, 99}} {
		if d.SetSignal(bad[0], bad[1]) == nil {
			t.Errorf("SetSignal(%d,%d) accepted", bad[0], bad[1])
		}
	}
	if d.SetRegistration(6) == nil || d.SetRegistration(-1) == nil {
		t.Error("SetRegistration accepted an out-of-range stat")
	}
	if d.SetPIN("12a4") == nil || d.SetPIN("123") == nil {
		t.Error("SetPIN accepted a bad PIN")
	}
	if d.Reboot(context.Background()) != nil {
		t.Error("Reboot of a powered-off device failed")
	}
}

// TestConcurrentEvents drives world events from other goroutines while the
// host sends commands (run with -race); afterwards the module answers.
func TestConcurrentEvents(t *testing.T) {
	r := startRig(t, testConfig())
	r.settle()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			r.d.SetSignal(i%32, i%8)
			r.d.SetRegistration([]int{1, 5, 3, 1}[i%4])
			r.d.SetSIM(i%3 != 0)
			r.d.Signal()
			r.d.Registration()
		}
	})
	for range 50 {
		if err := r.dte.Send("AT+CSQ;+CEREG?;+CGATT?;+CFUN=1\r"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.dte.ReadUntil("AT+CSQ;+CEREG?;+CGATT?;+CFUN=1\r", 1<<20); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	r.d.SetSIM(true)
	r.d.SetRegistration(1)
	r.settle()
	r.exchange("AT", "AT\r\r\nOK\r\n")
}

// TestPowerCycle: ServeAT again on the same Device is a fresh power-on: the
// boot URCs again, the AT&W profile (kept in memory without a state file)
// restored, session state (CEREG n) back to defaults.
func TestPowerCycle(t *testing.T) {
	d, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	serve := func(lines ...[2]string) {
		dce, host := net.Pipe()
		r := &rig{t: t, d: d, served: make(chan error, 1)}
		r.dte = atcmdtest.NewDTE(host)
		ctx, cancel := context.WithCancel(context.Background())
		go func() { r.served <- d.ServeAT(ctx, dce) }()
		r.s = r.session()
		r.expect("\r\nRDY\r\n")
		r.settle()
		for _, l := range lines {
			r.exchange(l[0], l[1])
		}
		cancel()
		<-r.served
		dce.Close()
		r.dte.Close()
	}
	serve([2]string{"ATE0;+CEREG=1;&W", "ATE0;+CEREG=1;&W\r\r\nOK\r\n"})
	serve([2]string{"AT+CEREG?", "\r\n+CEREG: 0,1\r\n\r\nOK\r\n"})
}

// TestConfigNetApplied: Config.Net reaches the interfaces.
func TestConfigNetApplied(t *testing.T) {
	cfg := testConfig()
	cfg.Net = map[netif.Name]netif.Config{netif.ETH0: {Latency: 80 * time.Millisecond}}
	d, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := d.Net().Interface(netif.ETH0).Config().Latency; got != 80*time.Millisecond {
		t.Fatalf("ETH0 latency = %v", got)
	}
}

// TestEventsWhilePoweredOff: world events on a device that is not serving
// change the model silently and leave the interfaces alone.
func TestEventsWhilePoweredOff(t *testing.T) {
	d, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.SetSIM(false)
	d.SetSIM(true)
	if err := d.SetRegistration(5); err != nil {
		t.Fatal(err)
	}
	if !d.Net().Interface(netif.LWIPGP).Up() {
		t.Fatal("a powered-off device took LWIP_GP down")
	}
	if d.Registration() != 0 {
		t.Fatalf("powered-off device reports stat %d", d.Registration())
	}
}

// TestBacklogRefusesEvents: a host that stops reading makes the URC path
// back up (engine queue, then the scheduler); world events are then refused
// with ErrBacklog — memory stays bounded, nothing is dropped unseen — and
// once the host reads again every queued URC arrives and AT is answered.
func TestBacklogRefusesEvents(t *testing.T) {
	d, err := New(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dce, host := net.Pipe() // nobody reads host until the end
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.ServeAT(ctx, dce) }()
	waitServing(t, d)
	d.mu.Lock()
	s := d.sess
	d.mu.Unlock()
	<-s.booted
	if err := s.sched.waitIdle(ctx); err != nil { // boot URCs queued: none is a +CEREG
		t.Fatal(err)
	}
	d.mu.Lock()
	d.m.regN[regCEREG] = 1 // every change is a URC
	d.mu.Unlock()
	refused := 0
	for i := 0; i < 200_000 && refused == 0; i++ {
		err := d.SetRegistration([]int{5, 1}[i%2])
		if errors.Is(err, ErrBacklog) {
			refused = i
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if refused == 0 {
		t.Fatal("200000 events accepted while the host read nothing")
	}
	if err := d.SetSIM(false); !errors.Is(err, ErrBacklog) {
		t.Fatalf("SetSIM with a full backlog = %v", err)
	}
	t.Logf("first refusal after %d events", refused)
	dte := atcmdtest.NewDTE(host)
	var n int
	for {
		if _, err := dte.ReadUntil("\r\n+CEREG: ", 1<<10); err != nil {
			t.Fatalf("after %d URCs: %v", n, err)
		}
		n++
		if n == refused {
			break
		}
	}
	cancel()
	<-done
	dce.Close()
	dte.Close()
}
