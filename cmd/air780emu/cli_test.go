package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckDefaults: -check with no other flag prints every setting, one
// "key: value" per line in the fixed order, and exits 0 without binding.
func TestCheckDefaults(t *testing.T) {
	out, errOut, code := runBinary(t, "-check", "-seed", "42")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	want := strings.Join([]string{
		"board: Air780E", "firmware: at", "script: -", "port: pty", "link: -",
		"baud: 115200", "net: -", "hosts: echo.airtun.air32.cn=(built-in)", "control: -",
		"seed: 42", "config: -", "usb-link: -", "trace: -", "state: -", "pace: false",
		"quirks: spec", "boot: realistic", "log-level: info",
	}, "\n") + "\n"
	if out != want {
		t.Fatalf("-check output:\n%s\nwant:\n%s", out, want)
	}
}

// TestCheckTimeSeed: without -seed the seed is time-based and printed, so
// two runs differ and each can be repeated with -seed.
func TestCheckTimeSeed(t *testing.T) {
	seed := func() string {
		out, _, code := runBinary(t, "-check")
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
		for _, l := range strings.Split(out, "\n") {
			if v, ok := strings.CutPrefix(l, "seed: "); ok {
				return v
			}
		}
		t.Fatalf("no seed line in %q", out)
		return ""
	}
	a, b := seed(), seed()
	if a == b || a == "0" {
		t.Fatalf("seeds %s and %s: want two different time-based seeds", a, b)
	}
}

// TestBadFlags: every bad flag or value exits 2 with one stderr line that
// names the flag and what it accepts.
func TestBadFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string // substring of the one line
	}{
		{[]string{"-nosuch"}, "flag provided but not defined: -nosuch"},
		{[]string{"-board", "Air999"}, `-board "Air999": unknown board (accepted: Air780E, Air780EP,`},
		{[]string{"-firmware", "basic"}, `-firmware "basic": want at or luatos`},
		{[]string{"-firmware", "luatos"}, "-script: required with -firmware luatos"},
		{[]string{"-script", "x.lua"}, "-script: only with -firmware luatos"},
		{[]string{"-usb-link", "/tmp/x"}, "-usb-link: only with -firmware luatos"},
		{[]string{"-firmware", "luatos", "-script", "../../fixtures/lua/lua53_operator"},
			"main.lua:5: Lua 5.3 operator '//' is not supported"},
		{[]string{"-port", "com3"}, `-port "com3": want pty, tcp://HOST:PORT or a device path`},
		{[]string{"-port", "tcp://127.0.0.1:99999"}, `port "99999": want 0 to 65535`},
		{[]string{"-port", "tcp://127.0.0.1:0", "-link", "/tmp/l"}, "-link: only with -port pty"},
		{[]string{"-baud", "fast"}, `invalid value "fast" for flag -baud: want an integer from 300 to 4000000`},
		{[]string{"-baud", "12"}, "flag -baud: want an integer from 300"},
		{[]string{"-seed", "x"}, `invalid value "x" for flag -seed: want a 64-bit integer`},
		{[]string{"-hosts", "nohostport"}, "flag -hosts: want NAME=HOST:PORT"},
		{[]string{"-hosts", "a=b"}, "flag -hosts: a=b: want HOST:PORT"},
		{[]string{"-net", "XX:latency=1ms"}, `-net "XX:latency=1ms": unknown interface "XX"`},
		{[]string{"-net", "LWIP_GP:latncy=1ms"}, `"latncy"`},
		{[]string{"-control", "127.0.0.1:9000"}, "-control: the control API is not implemented yet"},
		{[]string{"-quirks", "odd"}, `-quirks "odd": want spec or firmware`},
		{[]string{"-boot", "fast"}, `-boot "fast": want realistic or none`},
		{[]string{"-log-level", "loud"}, `-log-level "loud": want debug, info, warn or error`},
		{[]string{"-config", "/nonexistent/x.yaml"}, "-config: open /nonexistent/x.yaml"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"echo", "-listen", "nowhere"}, `echo -listen "nowhere": want HOST:PORT`},
		{[]string{"boards", "-x"}, "air780emu boards: flag provided but not defined: -x"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runBinary(t, append(c.args, "-check")...)
			if c.args[0] == "echo" || c.args[0] == "boards" {
				out, errOut, code = runBinary(t, c.args...)
			}
			if code != 2 {
				t.Fatalf("exit %d, want 2; stdout %q stderr %q", code, out, errOut)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
				t.Fatalf("stderr %q: want one line containing %q", errOut, c.want)
			}
		})
	}
}

// TestCheckNet: -net values are shown as the interface settings in force,
// in adapter order, a later spec for an interface replacing an earlier one.
func TestCheckNet(t *testing.T) {
	out, errOut, code := runBinary(t, "-check", "-net", "eth0:latency=5ms", "-net", "LWIP_GP:latency=80ms",
		"-net", "ETH0:latency=7ms")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "\nnet: LWIP_GP:latency=80ms ETH0:latency=7ms\n") {
		t.Fatalf("-check output:\n%s", out)
	}
}

// TestConfigFile: a YAML file sets every kind of field; flags given on the
// command line override it; -check shows the result.
func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "m.yaml")
	writeFile(t, cfg, `board: air780ep
port: tcp://127.0.0.1:7000
baud: 921600
hosts:
  example.com: 127.0.0.1:9000
  echo.airtun.air32.cn: 127.0.0.1:9001
seed: 7
pace: true
quirks: firmware
boot: none
log-level: debug
net:
  - STA:latency=3ms
trace: /tmp/t.log
state: /tmp/s.json
script:
`)
	out, errOut, code := runBinary(t, "-config", cfg, "-check", "-board", "Air201", "-hosts", "example.com=127.0.0.1:9100")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"board: Air201\n", "port: tcp://127.0.0.1:7000\n", "baud: 921600\n",
		"hosts: echo.airtun.air32.cn=127.0.0.1:9001 example.com=127.0.0.1:9100\n",
		"seed: 7\n", "config: " + cfg + "\n", "pace: true\n", "quirks: firmware\n",
		"boot: none\n", "log-level: debug\n", "net: STA:latency=3ms\n", "trace: /tmp/t.log\n", "state: /tmp/s.json\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-check output lacks %q:\n%s", want, out)
		}
	}
}

// TestConfigErrors: unknown keys and bad values in the file exit 2 naming
// the file, the line and the key.
func TestConfigErrors(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"board: Air780E\ncolour: red\n", "line 2: colour: unknown key (accepted: board, firmware,"},
		{"baud: lots\n", "line 1: baud: want an integer from 300 to 4000000"},
		{"seed: [1]\n", "line 1: seed: want a 64-bit integer"},
		{"pace: maybe\n", "line 1: pace: want true or false"},
		{"hosts: [a]\n", "line 1: hosts: want a mapping NAME: HOST:PORT"},
		{"hosts:\n  a: b\n", "line 1: hosts: a: a=b: want HOST:PORT"},
		{"net: {a: 1}\n", `line 1: net: want a list of "IFACE:k=v,..." strings`},
		{"board: [x]\n", "line 1: board: want a single value, got a list"},
		{"- a\n- b\n", "line 1: want a mapping of settings"},
		{"board: x\nboard: y\n", "line 2: board: already defined on line 1"},
		{"board: Air999\n", `-board "Air999": unknown board`},
		{"config: other.yaml\n", "config: unknown key"},
		{"\t: :\n", "-config"},
		{"colour:\n", "line 1: colour: unknown key"},
	}
	for i, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "c.yaml")
			writeFile(t, path, c.yaml)
			_, errOut, code := runBinary(t, "-config", path, "-check")
			if code != 2 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
				t.Fatalf("case %d: exit %d stderr %q: want exit 2 and one line containing %q", i, code, errOut, c.want)
			}
		})
	}
}

// TestBoardsSubcommand lists the eight boards with their firmware strings.
func TestBoardsSubcommand(t *testing.T) {
	out, _, code := runBinary(t, "boards")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 9 {
		t.Fatalf("%d lines, want a header and 8 boards:\n%s", len(lines), out)
	}
	if f := strings.Fields(lines[1]); f[0] != "Air780E" || f[1] != "EC618" || f[2] != "AirM2M_780E_V1165_LTE_AT" {
		t.Fatalf("first board line %q", lines[1])
	}
}

// TestPortsSubcommand: `ports` exits 0 and prints either ports or the
// explicit "no serial ports found" (never an empty output).
func TestPortsSubcommand(t *testing.T) {
	out, errOut, code := runBinary(t, "ports")
	if code != 0 || strings.TrimSpace(out) == "" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "no serial ports found" && !strings.HasPrefix(l, "/dev/") {
			t.Fatalf("line %q: want a /dev path", l)
		}
	}
}

// TestHelp: -h prints the usage with every contract flag and exits 0.
func TestHelp(t *testing.T) {
	out, _, code := runBinary(t, "-h")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, k := range keys {
		if !strings.Contains(out, "  -"+k) {
			t.Errorf("usage lacks -%s", k)
		}
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestREADMEConfigExample: the config file shown in README.md is valid.
func TestREADMEConfigExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```yaml\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README has no ```yaml block")
	}
	path := filepath.Join(t.TempDir(), "module.yaml")
	writeFile(t, path, block)
	out, errOut, code := runBinary(t, "-config", path, "-check")
	if code != 0 || !strings.Contains(out, "board: Air780EP\n") {
		t.Fatalf("exit %d stderr %q stdout %q", code, errOut, out)
	}
}
