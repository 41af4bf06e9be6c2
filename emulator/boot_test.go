package emulator

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// arrival is one non-empty line from the module and when it came.
type arrival struct {
	line string
	at   time.Duration
}

// bootBubble serves a device with the default boot timing on net.Pipe inside
// a synctest bubble and calls f with the host end and the power-on instant;
// everything is torn down before the bubble ends.
func bootBubble(t *testing.T, f func(t *testing.T, d *Device, host net.Conn, lines func(n int) []arrival)) {
	synctest.Test(t, func(t *testing.T) {
		cfg := testConfig()
		cfg.Boot = nil // DefaultBoot
		d, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		dce, host := net.Pipe()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- d.ServeAT(ctx, dce) }()
		br := bufio.NewReader(host)
		lines := func(n int) []arrival {
			var out []arrival
			for len(out) < n {
				s, err := br.ReadString('\n')
				if err != nil {
					t.Fatalf("read: %v (got %v)", err, out)
				}
				if s = strings.TrimRight(s, "\r\n"); s != "" {
					out = append(out, arrival{s, time.Since(start)})
				}
			}
			return out
		}
		f(t, d, host, lines)
		cancel()
		<-done
		host.Close()
		dce.Close()
		d.Close()
	})
}

// TestBootTiming: each boot URC of §6.1 appears exactly at its DefaultBoot
// delay (synctest's clock: no tolerance needed), in order.
func TestBootTiming(t *testing.T) {
	bootBubble(t, func(t *testing.T, d *Device, host net.Conn, lines func(int) []arrival) {
		b := DefaultBoot()
		want := []arrival{
			{"RDY", b.RDY}, {"^MODE: 17,17", b.Mode}, {"+E_UTRAN Service", b.Service},
			{"+CGEV: ME PDN ACT 1", b.PDN}, {"+NITZ: 2024/08/23,06:52:50+32,0", b.NITZ},
		}
		got := lines(len(want))
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("URC %d = %q at %v, want %q at %v", i, got[i].line, got[i].at, want[i].line, want[i].at)
			}
		}
	})
}

// TestSearchingUntilRegistered: before +E_UTRAN Service the module is
// searching (CEREG stat 2, CSQ 99,99, CGATT 0); between service and PDN it
// is registered but not attached.
func TestSearchingUntilRegistered(t *testing.T) {
	bootBubble(t, func(t *testing.T, d *Device, host net.Conn, lines func(int) []arrival) {
		lines(1) // RDY
		if _, err := host.Write([]byte("ATE0;+CEREG?;+CSQ;+CGATT?\r")); err != nil {
			t.Fatal(err)
		}
		got := lines(5)
		want := []string{"ATE0;+CEREG?;+CSQ;+CGATT?", "+CEREG: 0,2", "+CSQ: 99,99", "+CGATT: 0", "OK"}
		for i, w := range want {
			if got[i].line != w {
				t.Fatalf("line %d = %q, want %q (all: %v)", i, got[i].line, w, got)
			}
		}
		lines(2) // ^MODE, +E_UTRAN Service
		host.Write([]byte("AT+CEREG?;+CGATT?\r"))
		got = lines(3)
		if got[0].line != "+CEREG: 0,1" || got[1].line != "+CGATT: 0" {
			t.Fatalf("after service: %v", got)
		}
	})
}

// TestRebootCancelsBoot: AT+RESET during boot drops the rest of the old
// boot's URCs; the new boot's follow at their delays from the reset.
func TestRebootCancelsBoot(t *testing.T) {
	bootBubble(t, func(t *testing.T, d *Device, host net.Conn, lines func(int) []arrival) {
		lines(1) // RDY at 1.5 s
		host.Write([]byte("ATE0;+RESET\r"))
		resetAt := lines(2)[1] // echo line, OK
		if resetAt.line != "OK" {
			t.Fatalf("reset answered %q", resetAt.line)
		}
		got := lines(5)
		b := DefaultBoot()
		want := []arrival{{"RDY", b.RDY}, {"^MODE: 17,17", b.Mode}, {"+E_UTRAN Service", b.Service},
			{"+CGEV: ME PDN ACT 1", b.PDN}, {"+NITZ: 2024/08/23,06:52:50+32,0", b.NITZ}}
		for i := range want {
			if got[i].line != want[i].line || got[i].at-resetAt.at != want[i].at {
				t.Errorf("after reset %d: %q at +%v, want %q at +%v", i, got[i].line, got[i].at-resetAt.at, want[i].line, want[i].at)
			}
		}
	})
}

// TestDeafUntilRDY: with a real boot delay, what the host sends before RDY
// is lost, as on the module (the UART comes alive with RDY, §6.1); after
// RDY the host's AT is answered.
func TestDeafUntilRDY(t *testing.T) {
	bootBubble(t, func(t *testing.T, d *Device, host net.Conn, lines func(int) []arrival) {
		if _, err := host.Write([]byte("AT\r")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
		host.Write([]byte("AT+CSQ\r"))
		got := lines(1)
		if got[0].line != "RDY" || got[0].at != DefaultBoot().RDY {
			t.Fatalf("first line %q at %v, want RDY at %v (input before RDY must be dropped)", got[0].line, got[0].at, DefaultBoot().RDY)
		}
		host.Write([]byte("AT\r"))
		if got = lines(2); got[0].line != "AT" || got[1].line != "OK" {
			t.Fatalf("after RDY: %v", got)
		}
	})
}
