package atcmd_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

// testHandlers registers the commands the tests use.
func testHandlers(e *atcmd.Engine) {
	e.Handle("+CSQ", func(ctx context.Context, c *atcmd.Cmd) error {
		switch c.Kind {
		case atcmd.Exec:
			c.Info("+CSQ: 24,0")
		case atcmd.Test:
			c.Info("+CSQ: (0-31,99),(0-7,99)")
		default:
			return atcmd.ErrError
		}
		return nil
	})
	e.Handle("+CREG", func(ctx context.Context, c *atcmd.Cmd) error {
		c.Info("+CREG: 0,1")
		return nil
	})
	e.Handle("*I", func(ctx context.Context, c *atcmd.Cmd) error {
		c.Info("Manufacturer: AirM2M")
		c.Info("Model: Air780E")
		return nil
	})
	e.Handle("+CPIN", func(ctx context.Context, c *atcmd.Cmd) error { return atcmd.CME(10) })
	e.Handle("+CMGS", func(ctx context.Context, c *atcmd.Cmd) error { return atcmd.CMS(500) })
	e.Handle("+FAIL", func(ctx context.Context, c *atcmd.Cmd) error { return errors.New("boom") })
	e.Handle("+CIPSHUT", func(ctx context.Context, c *atcmd.Cmd) error { c.SetFinal("SHUT OK"); return nil })
	e.Handle("+CIFSR", func(ctx context.Context, c *atcmd.Cmd) error {
		c.Info("100.68.7.200")
		c.SetFinal("")
		return nil
	})
	e.Handle("+ARGS", func(ctx context.Context, c *atcmd.Cmd) error {
		for i, a := range c.Args {
			c.Info(fmt.Sprintf("%d:%q q=%v e=%v", i, a.Text, a.Quoted, a.Empty))
		}
		return nil
	})
	e.Handle("+PANIC", func(ctx context.Context, c *atcmd.Cmd) error { panic("handler bug") })
	e.Handle("I", func(ctx context.Context, c *atcmd.Cmd) error { c.Info("AirM2M_780E_V1165_LTE_AT"); return nil })
}

func TestFraming(t *testing.T) {
	cases := []struct {
		name, send, want string
	}{
		{"AT", "AT\r", "AT\r\r\nOK\r\n"},
		{"lowercase", "at\r", "at\r\r\nOK\r\n"},
		{"mixed case", "aT+cSq\r", "aT+cSq\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n"},
		{"info", "AT+CSQ\r", "AT+CSQ\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n"},
		{"test form", "AT+CSQ=?\r", "AT+CSQ=?\r\r\n+CSQ: (0-31,99),(0-7,99)\r\n\r\nOK\r\n"},
		{"multi-line info", "AT*I\r", "AT*I\r\r\nManufacturer: AirM2M\r\nModel: Air780E\r\n\r\nOK\r\n"},
		{"basic ATI", "ATI\r", "ATI\r\r\nAirM2M_780E_V1165_LTE_AT\r\n\r\nOK\r\n"},
		{"chain", "AT+CSQ;+CREG?\r", "AT+CSQ;+CREG?\r\r\n+CSQ: 24,0\r\n\r\n+CREG: 0,1\r\n\r\nOK\r\n"},
		{"unknown", "AT+CIICRR\r", "AT+CIICRR\r\r\nERROR\r\n"},
		{"syntax error", "AT+CSQ=\"x\r", "AT+CSQ=\"x\r\r\nERROR\r\n"},
		{"cme numeric default", "AT+CPIN?\r", "AT+CPIN?\r\r\n+CME ERROR: 10\r\n"},
		{"ErrError", "AT+CSQ?\r", "AT+CSQ?\r\r\nERROR\r\n"},
		{"cms", "AT+CMGS\r", "AT+CMGS\r\r\n+CMS ERROR: 500\r\n"},
		{"cms under CMEE=0", "AT+CMEE=0;+CMGS\r", "AT+CMEE=0;+CMGS\r\r\n+CMS ERROR: 500\r\n"},
		{"other error", "AT+FAIL\r", "AT+FAIL\r\r\nERROR\r\n"},
		{"panic", "AT+PANIC\r", "AT+PANIC\r\r\nERROR\r\n"},
		{"chain stops at failure", "AT+CSQ;+CPIN?;+CREG?\r", "AT+CSQ;+CPIN?;+CREG?\r\r\n+CSQ: 24,0\r\n\r\n+CME ERROR: 10\r\n"},
		{"SetFinal", "AT+CIPSHUT\r", "AT+CIPSHUT\r\r\nSHUT OK\r\n"},
		{"SetFinal empty", "AT+CIFSR\r", "AT+CIFSR\r\r\n100.68.7.200\r\n"},
		{"empty line", "\r", "\r"},
		{"CRLF terminator", "AT\r\n", "AT\r\r\nOK\r\n"},
		{"LF terminator", "AT\n", "AT\n\r\nOK\r\n"},
		{"garbage before AT", "xyzAT\r", "xyzAT\r\r\nOK\r\n"},
		{"no AT ignored", "hello\r", "hello\r"},
		{"backspace", "AT+CSX\bQ\r", "AT+CSX\bQ\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n"},
		{"controls dropped", "A\x00T\x1a\x1b\r", "AT\r\r\nOK\r\n"},
		{"chain with basic", "AT+CSQ;E1\r", "AT+CSQ;E1\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n"},
		{"CMEE read", "AT+CMEE?\r", "AT+CMEE?\r\r\n+CMEE: 1\r\n\r\nOK\r\n"},
		{"CMEE test", "AT+CMEE=?\r", "AT+CMEE=?\r\r\n+CMEE: (0-2)\r\n\r\nOK\r\n"},
		{"CMEE bad", "AT+CMEE=3\r", "AT+CMEE=3\r\r\n+CME ERROR: 53\r\n"},
		{"S3 read", "ATS3?\r", "ATS3?\r\r\n13\r\n\r\nOK\r\n"},
		{"S4 read", "ATS4?\r", "ATS4?\r\r\n10\r\n\r\nOK\r\n"},
		{"S5 read", "ATS5?\r", "ATS5?\r\r\n8\r\n\r\nOK\r\n"},
		{"S5 test", "ATS5=?\r", "ATS5=?\r\r\n(0-31,127)\r\n\r\nOK\r\n"},
		{"S5 printable refused", "ATS5=65\r", "ATS5=65\r\r\nERROR\r\n"},
		{"S5=127", "ATS5=127\r", "ATS5=127\r\r\nOK\r\n"},
		{"S4 too big", "ATS4=128\r", "ATS4=128\r\r\nERROR\r\n"},
		{"S3 only 13", "ATS3=10\r", "ATS3=10\r\r\nERROR\r\n"},
		{"S3=13", "ATS3=13\r", "ATS3=13\r\r\nOK\r\n"},
		{"E2 invalid", "ATE2\r", "ATE2\r\r\nERROR\r\n"},
		{"quoted args", "AT+ARGS=1,,\"a,b;C\",x y\r",
			"AT+ARGS=1,,\"a,b;C\",x y\r\r\n0:\"1\" q=false e=false\r\n1:\"\" q=false e=true\r\n" +
				"2:\"a,b;C\" q=true e=false\r\n3:\"x y\" q=false e=false\r\n\r\nOK\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := atcmdtest.Start(t, nil, testHandlers)
			h.Exchange(tc.send, tc.want)
			// Nothing else may follow: the next AT answers right away.
			h.Exchange("AT\r", "AT\r\r\nOK\r\n")
		})
	}
}

func TestCMEEModes(t *testing.T) {
	h := atcmdtest.Start(t, nil, testHandlers)
	h.Exchange("AT+CMEE=0\r", "AT+CMEE=0\r\r\nOK\r\n")
	h.Exchange("AT+CPIN?\r", "AT+CPIN?\r\r\nERROR\r\n")
	h.Exchange("AT+CMEE=2\r", "AT+CMEE=2\r\r\nOK\r\n")
	h.Exchange("AT+CPIN?\r", "AT+CPIN?\r\r\n+CME ERROR: SIM not inserted\r\n")
	h.Exchange("AT+CMEE?\r", "AT+CMEE?\r\r\n+CMEE: 2\r\n\r\nOK\r\n")
	h.Exchange("AT+CMEE=1\r", "AT+CMEE=1\r\r\nOK\r\n")
	h.Exchange("AT+CPIN?\r", "AT+CPIN?\r\r\n+CME ERROR: 10\r\n")
	h.Exchange("AT+CMEE=\r", "AT+CMEE=\r\r\nOK\r\n")
	if got := h.Engine.Settings().CMEE; got != 0 {
		t.Fatalf("AT+CMEE= left CMEE=%d, want 0", got)
	}
}

func TestVerboseCodeWithoutText(t *testing.T) {
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("+X", func(ctx context.Context, c *atcmd.Cmd) error { return atcmd.CME(323) })
	})
	h.Exchange("AT+CMEE=2;+X\r", "AT+CMEE=2;+X\r\r\n+CME ERROR: 323\r\n")
}

func TestEchoOff(t *testing.T) {
	h := atcmdtest.Start(t, nil, testHandlers)
	h.Exchange("ATE0\r", "ATE0\r\r\nOK\r\n")
	h.Exchange("AT+CSQ\r", "\r\n+CSQ: 24,0\r\n\r\nOK\r\n")
	h.Exchange("ATE1\r", "\r\nOK\r\n")
	h.Exchange("AT\r", "AT\r\r\nOK\r\n")
}

func TestV0AndQ1(t *testing.T) {
	h := atcmdtest.Start(t, nil, testHandlers)
	h.Exchange("ATE0V0\r", "ATE0V0\r0\r")
	h.Exchange("AT+CSQ\r", "+CSQ: 24,0\r\n0\r")
	h.Exchange("AT+X\r", "4\r")
	h.Exchange("AT+CPIN?\r", "+CME ERROR: 10\r\n")
	h.Exchange("AT+CIPSHUT\r", "SHUT OK\r\n")
	h.Exchange("ATV1Q1\r", "")
	h.Exchange("AT+CSQ\r", "\r\n+CSQ: 24,0\r\n")
	h.Exchange("AT+X\r", "")
	h.Exchange("ATQ0\r", "\r\nOK\r\n")
}

func TestAtSlashRepeat(t *testing.T) {
	h := atcmdtest.Start(t, nil, testHandlers)
	h.Exchange("AT+CSQ\r", "AT+CSQ\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n")
	h.Exchange("A/", "A/\r\n+CSQ: 24,0\r\n\r\nOK\r\n")
	h.Exchange("a/", "a/\r\n+CSQ: 24,0\r\n\r\nOK\r\n")
}

func TestS5Backspace(t *testing.T) {
	h := atcmdtest.Start(t, nil, testHandlers)
	h.Exchange("ATS5=127\r", "ATS5=127\r\r\nOK\r\n")
	h.Exchange("AT+CSQQ\x7f\r", "AT+CSQQ\x7f\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n")
	h.Exchange("AT+CSQ\b\r", "AT+CSQ\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n") // BS is now an ignored control byte
}

func TestS4ChangesFraming(t *testing.T) {
	h := atcmdtest.Start(t, nil, testHandlers)
	h.Exchange("ATS4=13\r", "ATS4=13\r\r\rOK\r\r")
	h.Exchange("ATS4=10\r", "ATS4=10\r\r\nOK\r\n")
}

func TestAfter(t *testing.T) {
	order := make(chan string, 4)
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("+RESET", func(ctx context.Context, c *atcmd.Cmd) error {
			c.After(func() {
				order <- "after"
				e.Emit(ctx, atcmd.URC{Line: "RDY"})
			})
			order <- "handler"
			return nil
		})
	})
	h.Exchange("AT+RESET\r", "AT+RESET\r\r\nOK\r\n\r\nRDY\r\n")
	if a, b := <-order, <-order; a != "handler" || b != "after" {
		t.Fatalf("order %s,%s", a, b)
	}
}

func TestHandleOverridesBuiltin(t *testing.T) {
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("e", func(ctx context.Context, c *atcmd.Cmd) error { return atcmd.CME(4) })
	})
	h.Exchange("ATE0\r", "ATE0\r\r\n+CME ERROR: 4\r\n")
	h.Engine.Handle("E", nil)
	h.Exchange("ATE0\r", "ATE0\r\r\nOK\r\n")
}

func TestCmdMethodsOutsideHandlerIgnored(t *testing.T) {
	var saved *atcmd.Cmd
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("+SAVE", func(ctx context.Context, c *atcmd.Cmd) error { saved = c; return nil })
		e.Handle("+USE", func(ctx context.Context, c *atcmd.Cmd) error { saved.Info("leak"); return nil })
	})
	h.Exchange("AT+SAVE\r", "AT+SAVE\r\r\nOK\r\n")
	h.Exchange("AT+USE\r", "AT+USE\r\r\nOK\r\n")
}

func TestFlushShowsProgress(t *testing.T) {
	step := make(chan struct{})
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("+CIPPING", func(ctx context.Context, c *atcmd.Cmd) error {
			c.Info(`+CIPPING: 1,"10.0.0.1",38,255`)
			c.Flush()
			<-step // the host sees the first line while the handler waits
			c.Info(`+CIPPING: 2,"10.0.0.1",41,255`)
			return nil
		})
	})
	h.Exchange("AT+CIPPING\r", "AT+CIPPING\r\r\n+CIPPING: 1,\"10.0.0.1\",38,255\r\n")
	close(step)
	h.Expect("+CIPPING: 2,\"10.0.0.1\",41,255\r\n\r\nOK\r\n")
}
