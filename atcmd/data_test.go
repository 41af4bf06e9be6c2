package atcmd_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

// dataHandlers registers +SEND[=n]: data mode, then "+SEND: <len>,<quoted data>".
func dataHandlers(got chan<- []byte) func(*atcmd.Engine) {
	return func(e *atcmd.Engine) {
		e.Handle("+SEND", func(ctx context.Context, c *atcmd.Cmd) error {
			n, err := c.IntOr(0, 0, -1, 1<<30)
			if err != nil {
				return err
			}
			b, err := c.Data(ctx, n)
			if err != nil {
				return err
			}
			if got != nil {
				got <- b
			}
			c.Info(fmt.Sprintf("+SEND: %d,%q", len(b), b))
			return nil
		})
	}
}

func TestDataMode(t *testing.T) {
	cases := []struct {
		name, send, want string
	}{
		{"fixed", "AT+SEND=5\rhello", "AT+SEND=5\r\r\n> hello\r\n+SEND: 5,\"hello\"\r\n\r\nOK\r\n"},
		{"fixed literal controls", "AT+SEND=4\ra\x1a\x1bb",
			"AT+SEND=4\r\r\n> a\x1a\x1bb\r\n+SEND: 4,\"a\\x1a\\x1bb\"\r\n\r\nOK\r\n"},
		{"fixed CRLF swallowed", "AT+SEND=2\r\nhi", "AT+SEND=2\r\r\n> hi\r\n+SEND: 2,\"hi\"\r\n\r\nOK\r\n"},
		{"fixed LF kept after LF terminator", "AT+SEND=2\n\nh", "AT+SEND=2\n\r\n> \nh\r\n+SEND: 2,\"\\nh\"\r\n\r\nOK\r\n"},
		{"ctrl-z", "AT+SEND\rabc\x1a", "AT+SEND\r\r\n> abc\r\n+SEND: 3,\"abc\"\r\n\r\nOK\r\n"},
		{"ctrl-z empty", "AT+SEND\r\x1a", "AT+SEND\r\r\n> \r\n+SEND: 0,\"\"\r\n\r\nOK\r\n"},
		{"esc aborts", "AT+SEND\rabc\x1b", "AT+SEND\r\r\n> abc\r\nERROR\r\n"},
		{"too long fixed", "AT+SEND=70000\r", "AT+SEND=70000\r\r\n+CME ERROR: 914\r\n"},
		{"negative", "AT+SEND=-1\r", "AT+SEND=-1\r\r\n+CME ERROR: 53\r\n"},
		{"rest of chunk is next line", "AT+SEND=1\rxAT\r", "AT+SEND=1\r\r\n> x\r\n+SEND: 1,\"x\"\r\n\r\nOK\r\nAT\r\r\nOK\r\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := atcmdtest.Start(t, nil, dataHandlers(nil))
			h.Exchange(tc.send, tc.want)
			h.Exchange("AT\r", "AT\r\r\nOK\r\n")
		})
	}
}

func TestDataModeEchoOff(t *testing.T) {
	h := atcmdtest.Start(t, nil, dataHandlers(nil))
	h.Exchange("ATE0\r", "ATE0\r\r\nOK\r\n")
	h.Exchange("AT+SEND=3\rabc", "\r\n> \r\n+SEND: 3,\"abc\"\r\n\r\nOK\r\n")
}

func TestDataModeCtrlZTooLong(t *testing.T) {
	h := atcmdtest.Start(t, &atcmd.Options{MaxData: 8}, dataHandlers(nil))
	h.Exchange("ATE0\r", "ATE0\r\r\nOK\r\n")
	// The whole transfer is consumed (nothing leaks into the command line),
	// then answered +CME ERROR: 914.
	h.Exchange("AT+SEND\r0123456789AT\r\x1a", "\r\n> \r\n+CME ERROR: 914\r\n")
	h.Exchange("AT\r", "\r\nOK\r\n")
}

func TestDataModeSplitAcrossWrites(t *testing.T) {
	got := make(chan []byte, 1)
	h := atcmdtest.Start(t, nil, dataHandlers(got))
	h.Exchange("ATE0\r", "ATE0\r\r\nOK\r\n")
	h.Exchange("AT+SEND=6\r", "\r\n> ")
	for _, p := range []string{"ab", "c", "def"} {
		h.Send(p)
	}
	if b := <-got; string(b) != "abcdef" {
		t.Fatalf("data %q", b)
	}
	h.Expect("\r\n+SEND: 6,\"abcdef\"\r\n\r\nOK\r\n")
}

// TestDataModeNoURC: URCs emitted during data mode wait for the final result.
func TestDataModeNoURC(t *testing.T) {
	h := atcmdtest.Start(t, nil, dataHandlers(nil))
	h.Exchange("ATE0\r", "ATE0\r\r\nOK\r\n")
	h.Exchange("AT+SEND=2\r", "\r\n> ")
	if err := h.Engine.Emit(context.Background(), atcmd.URC{Line: "+URC: 1"}); err != nil {
		t.Fatal(err)
	}
	h.Exchange("xy", "\r\n+SEND: 2,\"xy\"\r\n\r\nOK\r\n\r\n+URC: 1\r\n")
}

func TestDataModeCtxCancel(t *testing.T) {
	errc := make(chan error, 1)
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("+WAIT", func(ctx context.Context, c *atcmd.Cmd) error {
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err := c.Data(ctx, 3)
			errc <- err
			return err
		})
	})
	h.Exchange("AT+WAIT\r", "AT+WAIT\r\r\n> \r\nERROR\r\n")
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Data error %v, want context.Canceled", err)
	}
}

func TestDataTooLongIsCME914(t *testing.T) {
	errc := make(chan error, 1)
	h := atcmdtest.Start(t, &atcmd.Options{MaxData: 4}, func(e *atcmd.Engine) {
		e.Handle("+D", func(ctx context.Context, c *atcmd.Cmd) error {
			_, err := c.Data(ctx, 5)
			errc <- err
			return err
		})
	})
	h.Exchange("AT+D\r", "AT+D\r\r\n+CME ERROR: 914\r\n")
	err := <-errc
	c, ok := atcmd.AsCME(err)
	if !ok || c.Code != 914 || !errors.Is(err, atcmd.ErrDataTooLong) {
		t.Fatalf("err %v", err)
	}
	if got := strconv.Itoa(c.Code) + " " + atcmd.CMEText(c.Code); got != "914 BUFFER_OVER_SIZE" {
		t.Fatal(got)
	}
}

func TestDataPrompt(t *testing.T) {
	h := atcmdtest.Start(t, nil, func(e *atcmd.Engine) {
		e.Handle("+HTTPDATA", func(ctx context.Context, c *atcmd.Cmd) error {
			b, err := c.DataPrompt(ctx, 3, "\r\nDOWNLOAD\r\n")
			if err != nil {
				return err
			}
			c.Info(string(b))
			return nil
		})
		e.Handle("+QUIET", func(ctx context.Context, c *atcmd.Cmd) error {
			_, err := c.DataPrompt(ctx, 0, "")
			return err
		})
	})
	h.Exchange("AT+HTTPDATA\rabc", "AT+HTTPDATA\r\r\nDOWNLOAD\r\nabc\r\nabc\r\n\r\nOK\r\n")
	h.Exchange("AT+QUIET\rxy\x1a", "AT+QUIET\rxy\r\nOK\r\n")
}
