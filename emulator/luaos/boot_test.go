package luaos

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runBoots runs a project until MaxBoots boots ended and returns the log.
func runBoots(t *testing.T, files map[string]string, boots int) []string {
	t.Helper()
	sink := newLogSink()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := Run(ctx, Options{Script: writeProject(t, files), Stdout: sink, MaxBoots: boots})
	if !errors.Is(err, ErrMaxBoots) {
		t.Fatalf("Run = %v, want ErrMaxBoots; log:\n%s", err, sink.String())
	}
	return sink.lines()
}

// TestBootRequireByBasenameCRLF: require finds a module in a subfolder by
// its basename (§2.1), CRLF sources load, sys/sysplus are preloaded, and a
// main.lua that returns ends the VM with the exit line, then reboots.
func TestBootRequireByBasenameCRLF(t *testing.T) {
	lines := runBoots(t, map[string]string{
		"main.lua":              "local m = require \"netdrv_4g\"\r\nlog.info(\"main\", m.name, sys == sysplus, require(\"sysplus\") == sys)\r\n",
		"netdrv/netdrv_4g.lua":  "return {name = \"4g\"}\r\n",
		"other/deep/helper.lua": "return 1\n",
	}, 2)
	equalLines(t, lines, []string{
		"I/main LuatOS@Air780E base 26.04 bsp V1104 32bit",
		"I/user.main 4g true true",
		"E/main Lua VM exit!! reboot in 0ms",
		"I/main LuatOS@Air780E base 26.04 bsp V1104 32bit",
		"I/user.main 4g true true",
		"E/main Lua VM exit!! reboot in 0ms",
	})
}

// TestBootErrorExitLine: an error escaping main.lua prints the firmware's
// lines (§3.1) with the device's chunk name.
func TestBootErrorExitLine(t *testing.T) {
	lines := runBoots(t, map[string]string{"main.lua": "log.info(\"main\", \"up\")\nerror(\"boom\")\n"}, 1)
	equalLines(t, lines, []string{
		"I/main LuatOS@Air780E base 26.04 bsp V1104 32bit",
		"I/user.main up",
		"E/main Luat: ",
		`E/main [string "main.lua"]:2: boom`,
		"E/main Lua VM exit!! reboot in 0ms",
	})
}

// TestBootMissingModule: require of an unknown module names the device's
// search path.
func TestBootMissingModule(t *testing.T) {
	lines := runBoots(t, map[string]string{"main.lua": "require \"nosuch\"\n"}, 1)
	text := strings.Join(lines, "\n")
	if !strings.Contains(text, "module nosuch not found") || !strings.Contains(text, "no file '/luadb/nosuch.lua'") {
		t.Fatalf("log:\n%s", strings.Join(lines, "\n"))
	}
}

// TestLua53OperatorError: a script using // fails to load with a message
// naming the file, the line and the operator; so does a required module.
func TestLua53OperatorError(t *testing.T) {
	lines := runBoots(t, map[string]string{"main.lua": "-- a // in a comment\nlocal s = \"a // b\"\nlocal a = 7 // 2\n"}, 1)
	equalLines(t, lines[1:], []string{
		"E/main Luat: ",
		"E/main main.lua:3: Lua 5.3 operator '//' is not supported by this emulator (gopher-lua is Lua 5.1)",
		"E/main Lua VM exit!! reboot in 0ms",
	})
	lines = runBoots(t, map[string]string{"main.lua": "require \"bits\"\n", "lib/bits.lua": "\nreturn 1 << 4\n"}, 1)
	if !strings.Contains(strings.Join(lines, "\n"), "bits.lua:2: Lua 5.3 operator '<<' is not supported") {
		t.Fatalf("log:\n%s", strings.Join(lines, "\n"))
	}
}

// TestTaskErrorRollsBack: a task's error is logged at once and, 500 ms
// later, raised in the main loop, which ends the VM (§3.2).
func TestTaskErrorRollsBack(t *testing.T) {
	started := time.Now()
	lines := runBoots(t, map[string]string{"main.lua": `
sys.taskInit(function() sys.wait(10) error("task boom") end)
sys.run()
`}, 1)
	if d := time.Since(started); d < 500*time.Millisecond {
		t.Fatalf("VM ended after %v, want ≥ 500ms", d)
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{
		`E/user.coroutine.resume [string "main.lua"]:2: task boom`,
		"E/main Luat: ",
		"E/main Lua VM exit!! reboot in 0ms",
	} {
		if !strings.Contains(text, want) {
			t.Fatalf("log lacks %q:\n%s", want, text)
		}
	}
}

// TestRtosRebootAndWaitErrors: rtos.reboot restarts without the exit line;
// sys.wait outside a task raises the firmware's error; a fractional wait
// raises Lua 5.3's integer error; waitMsg on an unknown task returns false.
func TestRtosRebootAndWaitErrors(t *testing.T) {
	lines := runBoots(t, map[string]string{"main.lua": `
log.info("main", pcall(sys.wait, 10))
sys.taskInit(function()
  log.info("t", pcall(sys.wait, 1.5))
  log.info("t", sys.waitMsg("nobody"))
  rtos.reboot()
end)
`}, 2)
	text := strings.Join(lines, "\n")
	if strings.Contains(text, "VM exit") {
		t.Fatalf("rtos.reboot printed the exit line:\n%s", text)
	}
	for _, want := range []string{
		"I/user.main false",
		"attempt to yield from outside a coroutine",
		"I/user.t false [string \"sys.lua\"]",
		"bad argument #2 to 'timer_start' (number has no integer representation)",
		"I/user.t false",
	} {
		if !strings.Contains(text, want) {
			t.Fatalf("log lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "I/main LuatOS@"); n != 2 {
		t.Fatalf("%d boots, want 2:\n%s", n, text)
	}
}

// TestRunBadScript: a missing project is a precise error, not a boot loop.
func TestRunBadScript(t *testing.T) {
	for _, path := range []string{"", filepath.Join(t.TempDir(), "nope"), t.TempDir()} {
		err := Run(context.Background(), Options{Script: path})
		if err == nil || !strings.HasPrefix(err.Error(), "luaos: ") {
			t.Errorf("Run(%q) = %v", path, err)
		}
	}
}

// TestFixtureLua53 loads fixtures/lua/lua53_operator unmodified.
func TestFixtureLua53(t *testing.T) {
	sink := newLogSink()
	err := Run(context.Background(), Options{Script: filepath.Join("..", "..", "fixtures", "lua", "lua53_operator"), Stdout: sink, MaxBoots: 1})
	if !errors.Is(err, ErrMaxBoots) {
		t.Fatal(err)
	}
	want := "E/main main.lua:5: Lua 5.3 operator '//' is not supported by this emulator (gopher-lua is Lua 5.1)\n"
	if !strings.Contains(sink.String(), want) {
		t.Fatalf("log:\n%s", sink.String())
	}
}
