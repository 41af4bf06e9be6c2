package emulator

import (
	"testing"
)

// FuzzParseCCLK: the AT+CCLK= argument parser never panics, rejects with
// errParam, and what it accepts renders back to the same text (§2 format).
func FuzzParseCCLK(f *testing.F) {
	for _, s := range []string{"18/08/01,12:12:58+00", "24/12/31,23:59:59-08", "24/02/30,00:00:00+32", "", "18/08/01,12:12:58+9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, tz, err := parseCCLK(s)
		if err != nil {
			return
		}
		if got := formatCCLK(tm, tz); got != `+CCLK: "`+s+`"` {
			t.Fatalf("parseCCLK(%q) renders back as %s", s, got)
		}
	})
}

// FuzzCommandLine sends arbitrary bytes as a command line to a real device;
// whatever they do (reboot, CFUN, ATV0, ATE0, garbage), the module must not
// panic or hang, and after AT&F it answers AT exactly.
func FuzzCommandLine(f *testing.F) {
	for _, s := range []string{"AT+CFUN=0", "AT+RESET", "ATV0Q1E0", "AT+CGDCONT=1,\"IP\",\"x\";+CGACT=1", "\x00\x1a\x1b", "AT+CCLK=\"99/99/99\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		r := startRig(t, testConfig())
		r.settle()
		if err := r.dte.SendBytes(append(line, '\r')); err != nil {
			t.Fatal(err)
		}
		if err := r.dte.Send("\rAT&F\rAT\r"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.dte.ReadUntil("AT\r\r\nOK\r\n", 1<<20); err != nil {
			t.Fatalf("after %q: %v", line, err)
		}
	})
}
