package emulator

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/air780emu/air780emu/boards"
)

// The transcript fixtures: fixtures/at/*.txtar, format in
// fixtures/at/README.md. Each runs through a real Device over an in-memory
// pipe and must produce exactly the bytes the file gives. With -update the
// expected bytes are rewritten from the actual output.
var update = flag.Bool("update", false, "rewrite the expected output of fixtures/at/*.txtar")

const fixtureGlob = "../fixtures/at/*.txtar"

func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(fixtureGlob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures at %s (%v)", fixtureGlob, err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txtar"), func(t *testing.T) {
			runFixture(t, f)
		})
	}
}

// fixture is one parsed transcript file.
type fixture struct {
	arch    *txtar.Archive
	cfg     map[string]string
	steps   []fstep  // steps[0] is power-on: no action, its output is the boot's
	trailer []string // comment lines after the last step
}

// fstep is one host action and the exact bytes expected after it.
type fstep struct {
	pre    []string // comment and blank lines before the action
	action string   // "> line", ">> raw", "! event"; "" for power-on
	want   []string // the escaped "< " lines
}

func parseFixture(path string) (*fixture, error) {
	arch, err := txtar.ParseFile(path)
	if err != nil {
		return nil, err
	}
	f := &fixture{arch: arch, cfg: map[string]string{}, steps: []fstep{{}}}
	var cfgSeen, trSeen bool
	for _, file := range arch.Files {
		switch file.Name {
		case "config":
			cfgSeen = true
			if err := f.parseConfig(string(file.Data)); err != nil {
				return nil, err
			}
		case "transcript":
			trSeen = true
			if err := f.parseTranscript(string(file.Data)); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("unknown section %q", file.Name)
		}
	}
	if !cfgSeen || !trSeen {
		return nil, fmt.Errorf("want sections config and transcript")
	}
	return f, nil
}

func (f *fixture) parseConfig(s string) error {
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return fmt.Errorf("config line %d: want key: value", i+1)
		}
		f.cfg[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return nil
}

func (f *fixture) parseTranscript(s string) error {
	var pending []string
	for i, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		cur := &f.steps[len(f.steps)-1]
		switch {
		case strings.HasPrefix(line, "< "):
			if len(pending) > 0 {
				return fmt.Errorf("transcript line %d: comment inside expected output", i+1)
			}
			cur.want = append(cur.want, line[2:])
		case strings.HasPrefix(line, ">> "), strings.HasPrefix(line, "> "), strings.HasPrefix(line, "! "):
			f.steps = append(f.steps, fstep{pre: pending, action: line})
			pending = nil
		case line == "" || strings.HasPrefix(line, "#"):
			pending = append(pending, line)
		default:
			return fmt.Errorf("transcript line %d: %q is not a <, >, >>, ! or # line", i+1, line)
		}
	}
	f.trailer = pending
	return nil
}

// format renders the transcript section back.
func (f *fixture) format() []byte {
	var b strings.Builder
	for _, st := range f.steps {
		for _, l := range st.pre {
			b.WriteString(l + "\n")
		}
		if st.action != "" {
			b.WriteString(st.action + "\n")
		}
		for _, w := range st.want {
			b.WriteString("< " + w + "\n")
		}
	}
	for _, l := range f.trailer {
		b.WriteString(l + "\n")
	}
	return []byte(b.String())
}

// config builds the device config and the pre-power-on setup.
func (f *fixture) config(t *testing.T) (Config, func(*Device)) {
	cfg := testConfig()
	var prep []func(*Device)
	for k, v := range f.cfg {
		var err error
		switch k {
		case "board":
			cfg.Board, err = boards.Lookup(v)
		case "seed":
			cfg.Seed, err = strconv.ParseInt(v, 10, 64)
		case "urcbetween":
			cfg.URCBetween, err = strconv.ParseBool(v)
		case "boot": // handled by the runner
			if v != "show" && v != "skip" {
				err = fmt.Errorf("boot: want show or skip")
			}
		case "state":
			cfg.StatePath = filepath.Join(t.TempDir(), v)
		case "sim":
			present := v == "present"
			if !present && v != "absent" {
				err = fmt.Errorf("sim: want present or absent")
			}
			prep = append(prep, func(d *Device) { d.m.simPresent = present })
		case "pin":
			prep = append(prep, func(d *Device) {
				if err := d.SetPIN(v); err != nil {
					t.Fatal(err)
				}
			})
		default:
			err = fmt.Errorf("unknown key")
		}
		if err != nil {
			t.Fatalf("config %s: %s: %v", k, v, err)
		}
	}
	return cfg, func(d *Device) {
		for _, p := range prep {
			p(d)
		}
	}
}

func runFixture(t *testing.T, path string) {
	f, err := parseFixture(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	cfg, prep := f.config(t)
	r := startRigPrep(t, cfg, prep)
	for i := range f.steps {
		st := &f.steps[i]
		if i == 0 && f.cfg["boot"] != "show" {
			r.settle() // boot URCs not part of this transcript
			continue
		}
		r.act(st.action)
		if *update {
			st.want = splitEscaped(r.quiet())
			continue
		}
		want, err := unescapeAll(st.want)
		if err != nil {
			t.Fatalf("step %q: %v", st.action, err)
		}
		if err := r.dte.Expect(want); err != nil {
			t.Fatalf("after %q:\n%v", st.action, err)
		}
	}
	rest := r.settle()
	if *update {
		last := &f.steps[len(f.steps)-1]
		last.want = append(last.want, splitEscaped(rest)...)
		for i := range f.arch.Files {
			if f.arch.Files[i].Name == "transcript" {
				f.arch.Files[i].Data = f.format()
			}
		}
		if err := os.WriteFile(path, txtar.Format(f.arch), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if len(rest) > 0 {
		t.Fatalf("unexpected output at the end: %q", rest)
	}
}

// act performs one transcript action.
func (r *rig) act(action string) {
	r.t.Helper()
	kind, arg, _ := strings.Cut(action, " ")
	text, err := unescape(arg)
	if err != nil {
		r.t.Fatalf("%q: %v", action, err)
	}
	switch kind {
	case ">":
		err = r.dte.Send(text + "\r")
	case ">>":
		err = r.dte.Send(text)
	case "!":
		if err = r.event(text); err == nil {
			// The event's URCs are queued in the engine before the next
			// action: a deterministic order for URCs held by a partial line.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err = r.s.sched.waitIdle(ctx)
			cancel()
		}
	}
	if err != nil {
		r.t.Fatalf("%q: %v", action, err)
	}
}

// event applies a world event: "sim absent|present", "registration N",
// "signal R,B", "reboot".
func (r *rig) event(ev string) error {
	name, arg, _ := strings.Cut(ev, " ")
	switch name {
	case "sim":
		return r.d.SetSIM(arg == "present")
	case "registration":
		n, err := strconv.Atoi(arg)
		if err != nil {
			return err
		}
		return r.d.SetRegistration(n)
	case "signal":
		var rssi, ber int
		if _, err := fmt.Sscanf(arg, "%d,%d", &rssi, &ber); err != nil {
			return err
		}
		return r.d.SetSignal(rssi, ber)
	case "reboot":
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return r.d.Reboot(ctx)
	}
	return fmt.Errorf("unknown event %q", name)
}

// quiet waits until the device has been silent for a while with nothing
// scheduled, and returns (consuming) what arrived. Only -update uses it.
func (r *rig) quiet() []byte {
	r.t.Helper()
	prev := -1
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err := r.s.sched.waitIdle(ctx)
		cancel()
		if err != nil {
			r.t.Fatal(err)
		}
		n := len(r.dte.Pending())
		if n == prev {
			break
		}
		prev = n
		time.Sleep(150 * time.Millisecond)
	}
	got := r.dte.Pending()
	if err := r.dte.Expect(string(got)); err != nil {
		r.t.Fatal(err)
	}
	return got
}

// splitEscaped splits b into readable lines and escapes each: a piece ends
// after "\n", or after a "\r" not followed by "\n" (an echoed command); a
// lone "\r\n" joins the piece after it, so "AT\r\r\nOK\r\n" reads as
// `AT\r` and `\r\nOK\r\n`.
func splitEscaped(b []byte) []string {
	var pieces [][]byte
	start := 0
	for i, c := range b {
		if c == '\n' || c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			pieces = append(pieces, b[start:i+1])
			start = i + 1
		}
	}
	if start < len(b) {
		pieces = append(pieces, b[start:])
	}
	var out []string
	carry := ""
	for _, p := range pieces {
		if string(p) == "\r\n" {
			carry += `\r\n`
			continue
		}
		out = append(out, carry+escape(p))
		carry = ""
	}
	if carry != "" {
		out = append(out, carry)
	}
	return out
}

// escape renders bytes as one line: \r \n \t \\ and \xHH for other control
// bytes, non-ASCII bytes and a trailing space.
func escape(b []byte) string {
	var s strings.Builder
	for i, c := range b {
		switch {
		case c == '\r':
			s.WriteString(`\r`)
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\t':
			s.WriteString(`\t`)
		case c == '\\':
			s.WriteString(`\\`)
		case c < 0x20 || c >= 0x7f || c == ' ' && i == len(b)-1:
			fmt.Fprintf(&s, `\x%02x`, c)
		default:
			s.WriteByte(c)
		}
	}
	return s.String()
}

// unescape reverses escape.
func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 >= len(s) {
			return "", fmt.Errorf("%q: trailing backslash", s)
		}
		i++
		switch s[i] {
		case 'r':
			b.WriteByte('\r')
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '\\':
			b.WriteByte('\\')
		case 'x':
			if i+3 > len(s) {
				return "", fmt.Errorf("%q: short \\x escape", s)
			}
			v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", fmt.Errorf("%q: bad \\x escape", s)
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			return "", fmt.Errorf("%q: unknown escape \\%c", s, s[i])
		}
	}
	return b.String(), nil
}

func unescapeAll(lines []string) (string, error) {
	var b strings.Builder
	for _, l := range lines {
		s, err := unescape(l)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}
