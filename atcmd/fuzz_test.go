package atcmd_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

// FuzzParseLine: the parser never panics, returns only ErrNoAT or a
// *SyntaxError, and what it accepts round-trips: FormatLine re-parses to the
// same commands, and so do the commands' own Texts joined by ";".
func FuzzParseLine(f *testing.F) {
	f.Add("AT+CSQ;+CREG?;E0")
	f.Fuzz(func(t *testing.T, line string) {
		cmds, err := atcmd.ParseLine(line)
		if err != nil {
			var se *atcmd.SyntaxError
			if !errors.Is(err, atcmd.ErrNoAT) && !errors.As(err, &se) {
				t.Fatalf("ParseLine(%q): unexpected error type %T %v", line, err, err)
			}
			return
		}
		for _, c := range cmds {
			if c.Name == "" || c.Name != strings.ToUpper(c.Name) {
				t.Fatalf("ParseLine(%q): bad name %q", line, c.Name)
			}
			if !strings.Contains(line, c.Text) {
				t.Fatalf("ParseLine(%q): Text %q not in line", line, c.Text)
			}
		}
		canon := atcmd.FormatLine(cmds)
		sameCmds(t, line, canon, cmds)
		texts := make([]string, len(cmds))
		for i, c := range cmds {
			texts[i] = c.Text
		}
		sameCmds(t, line, "AT"+strings.Join(texts, ";"), cmds)
	})
}

func sameCmds(t *testing.T, orig, line string, want []atcmd.Cmd) {
	t.Helper()
	got, err := atcmd.ParseLine(line)
	if err != nil {
		t.Fatalf("ParseLine(%q) from %q: %v", line, orig, err)
	}
	if len(got) != len(want) {
		t.Fatalf("%q from %q: %d commands, want %d", line, orig, len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Kind != w.Kind || fmt.Sprint(g.Args) != fmt.Sprint(w.Args) {
			t.Fatalf("%q from %q: command %d = %s %d %v, want %s %d %v",
				line, orig, i, g.Name, g.Kind, g.Args, w.Name, w.Kind, w.Args)
		}
	}
}

const fuzzMaxData = 512

// FuzzDataMode drives data mode through a real engine over a pipe with
// arbitrary payloads, lengths and terminators, and checks the exact reply
// against a model of the rules documented on Cmd.Data; afterwards AT must
// still answer OK.
func FuzzDataMode(f *testing.F) {
	f.Add([]byte("hello"), uint16(5), uint8(0))
	f.Fuzz(func(t *testing.T, input []byte, nn uint16, term uint8) {
		n := int(nn % 600)
		terms := []string{"\r", "\r\n", "\n"}
		tm := terms[int(term)%len(terms)]
		send, want := dataModel(input, n, tm)
		h := atcmdtest.Start(t, &atcmd.Options{MaxData: fuzzMaxData}, func(e *atcmd.Engine) {
			s := atcmd.DefaultSettings()
			s.Echo = false
			e.SetSettings(s)
			e.Handle("+D", func(ctx context.Context, c *atcmd.Cmd) error {
				b, err := c.Data(ctx, n)
				if err != nil {
					return err
				}
				c.Info(fmt.Sprintf("+D: %d,%x", len(b), b))
				return nil
			})
		})
		h.Exchange(fmt.Sprintf("AT+D=%d%s", n, tm)+string(send), want)
		h.Exchange("AT\r", "\r\nOK\r\n")
	})
}

// dataModel returns the bytes to send after the command line and the
// expected reply, per the Cmd.Data rules.
func dataModel(input []byte, n int, term string) (send []byte, want string) {
	if n > fuzzMaxData {
		return nil, "\r\n+CME ERROR: 914\r\n"
	}
	swallow := func(b []byte) bool { return term == "\r" && len(b) > 0 && b[0] == '\n' }
	if n > 0 {
		send = append(bytes.Repeat([]byte("x"), 0), input[:min(n, len(input))]...)
		send = append(send, bytes.Repeat([]byte("x"), n-len(send))...)
		data := send
		if swallow(send) {
			send = append(send, 'y')
			data = send[1:]
		}
		return send, fmt.Sprintf("\r\n> \r\n+D: %d,%x\r\n\r\nOK\r\n", len(data), data)
	}
	end := bytes.IndexAny(input, "\x1a\x1b")
	if end < 0 {
		send = append(append([]byte{}, input...), 0x1a)
		end = len(input)
	} else {
		send = append([]byte{}, input[:end+1]...)
	}
	data := send[:end]
	if swallow(send) {
		data = data[1:]
	}
	switch {
	case send[end] == 0x1b:
		return send, "\r\n> \r\nERROR\r\n"
	case len(data) > fuzzMaxData:
		return send, "\r\n> \r\n+CME ERROR: 914\r\n"
	}
	return send, fmt.Sprintf("\r\n> \r\n+D: %d,%x\r\n\r\nOK\r\n", len(data), data)
}

// FuzzEngineInput feeds arbitrary bytes through the whole line discipline
// (echo, S5 editing, A/, overflow, control bytes, chains, built-ins that
// change settings) and checks the engine stays sane: a marker command,
// which also restores the default settings, answers, and then AT answers
// exactly.
func FuzzEngineInput(f *testing.F) {
	f.Add([]byte("ATE0V0Q1\rA/\x08\x00\x1a\x1bat+cmee=2;+x\n\rATS4=13\r"))
	f.Fuzz(func(t *testing.T, input []byte) {
		msg := append([]byte{}, input...) // never append into the fuzzer's buffer
		for i := 0; i+4 <= len(msg); i++ {
			if strings.EqualFold(string(msg[i:i+4]), "MARK") {
				msg = msg[:i] // keep the marker unique
				break
			}
		}
		h := atcmdtest.Start(t, &atcmd.Options{MaxLine: 64}, func(e *atcmd.Engine) {
			e.Handle("+MARK", func(ctx context.Context, c *atcmd.Cmd) error {
				e.SetSettings(atcmd.DefaultSettings())
				c.Info("+MARK: 7f3a")
				return nil
			})
		})
		go h.DTE.SendBytes(append(msg, "\rAT+MARK\r"...))
		if _, err := h.DTE.ReadUntil("+MARK: 7f3a", 64); err != nil {
			t.Fatal(err)
		}
		if _, err := h.DTE.ReadUntil("\r\nOK\r\n", 64); err != nil {
			t.Fatal(err)
		}
		h.Exchange("AT\r", "AT\r\r\nOK\r\n")
	})
}
