package luatlib_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	lua "github.com/yuin/gopher-lua"
)

// fixedNow is the clock of the test environments: 2025-09-04 19:46:19 UTC,
// a Thursday (the reference's %c example).
var fixedNow = time.Date(2025, 9, 4, 19, 46, 19, 0, time.UTC)

// newState returns a state with every library opened over env (a default
// env with the fixed clock when nil).
func newState(t testing.TB, env *luatlib.Env) *lua.LState {
	t.Helper()
	if env == nil {
		env = &luatlib.Env{Now: func() time.Time { return fixedNow }}
	}
	L := lua.NewState()
	luatlib.Open(L, env)
	t.Cleanup(L.Close)
	return L
}

// eval runs chunk (which must return values) and formats every result
// with LuatOS tostring, joined by " ".
func eval(t testing.TB, L *lua.LState, chunk string) string {
	t.Helper()
	top := L.GetTop()
	if err := L.DoString(chunk); err != nil {
		t.Fatalf("%s: %v", chunk, err)
	}
	var parts []string
	for i := top + 1; i <= L.GetTop(); i++ {
		parts = append(parts, luatlib.Tostring(L, L.Get(i)))
	}
	L.SetTop(top)
	return strings.Join(parts, " ")
}

// evalErr runs chunk and returns its error text without the position
// prefix ("<string>:1: ").
func evalErr(t testing.TB, L *lua.LState, chunk string) string {
	t.Helper()
	err := L.DoString(chunk)
	if err == nil {
		t.Fatalf("%s: no error", chunk)
	}
	return stripPos(err.(*lua.ApiError).Object.String())
}

// stripPos removes a leading "chunk:line: " position.
func stripPos(s string) string {
	if i := strings.Index(s, ": "); i >= 0 && strings.Contains(s[:i], ":") {
		return s[i+2:]
	}
	return s
}

// lua53 runs body (a function body returning one string) under Debian's
// lua5.3, or skips the test when it is not installed.
func lua53(t *testing.T, body string, env ...string) string {
	t.Helper()
	bin, err := exec.LookPath("lua5.3")
	if err != nil {
		t.Skip("lua5.3 not installed")
	}
	cmd := exec.Command(bin, "-e", "io.write((function() "+body+" end)())")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("lua5.3: %v: %s", err, out)
	}
	return string(out)
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func luaString(s string) lua.LString { return lua.LString(s) }
