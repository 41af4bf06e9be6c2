package luatlib_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
)

// fsEnv builds a project folder with a nested file (flattened into
// /luadb) and an empty data dir, both real directories.
func fsEnv(t *testing.T) (*luatlib.Env, string) {
	t.Helper()
	proj, data := t.TempDir(), t.TempDir()
	must(t, os.MkdirAll(filepath.Join(proj, "netdrv"), 0o755))
	must(t, os.MkdirAll(filepath.Join(proj, ".git"), 0o755))
	must(t, os.WriteFile(filepath.Join(proj, "main.lua"), []byte("-- main\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(proj, "netdrv", "netdrv_4g.lua"), []byte("return 4"), 0o644))
	must(t, os.WriteFile(filepath.Join(proj, ".git", "HEAD"), []byte("x"), 0o644))
	must(t, os.WriteFile(filepath.Join(filepath.Dir(data), "outside.txt"), []byte("secret"), 0o644))
	return &luatlib.Env{ScriptDir: proj, DataDir: data, Now: func() time.Time { return fixedNow }}, data
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestIOLuadb(t *testing.T) {
	env, _ := fsEnv(t)
	L := newState(t, env)
	cases := []struct{ chunk, want string }{
		{`return io.readFile("/luadb/netdrv_4g.lua")`, `return 4`},
		{`return io.exists("/luadb/main.lua"), io.exists("/luadb/HEAD"), io.exists("/luadb/nope")`, `true false false`},
		{`return io.fileSize("/luadb/main.lua"), io.fileSize("/luadb/nope")`, `8 0`},
		{`local f = io.open("/luadb/main.lua") local s = f:read("*a") f:close() return s`, "-- main\n"},
		{`return io.open("/luadb/main.lua", "w")`, `nil /luadb/main.lua: Read-only file system 30`},
		{`return io.open("/luadb/new.txt", "a")`, `nil /luadb/new.txt: Read-only file system 30`},
		{`return io.writeFile("/luadb/main.lua", "x")`, ``},
		{`return os.remove("/luadb/main.lua")`, `nil /luadb/main.lua: Read-only file system 30`},
		{`return io.open("/luadb/nope")`, `nil /luadb/nope: No such file or directory 2`},
		{`local ok, t = io.lsdir("/luadb/") return ok, #t, t[1].name, t[1].type, t[1].size, t[2].name`, `true 2 main.lua 0 8 netdrv_4g.lua`},
		{`local n = 0 for l in io.lines("/luadb/main.lua") do n = n + 1 end return n`, `1`},
	}
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
}

func TestIODataDir(t *testing.T) {
	env, data := fsEnv(t)
	L := newState(t, env)
	cases := []struct{ chunk, want string }{
		{`return io.writeFile("/boot.txt", "12345")`, `true`},
		{`return io.readFile("/boot.txt"), io.fileSize("/boot.txt")`, `12345 5`},
		{`return io.readFile("/boot.txt", "rb", 1, 3)`, `234`},
		{`return io.writeFile("/boot.txt", "67", "ab"), io.readFile("/boot.txt")`, `true 1234567`},
		{`local f = io.open("/w.txt", "w") f:write("hi") f:close() return io.readFile("/w.txt")`, `hi`},
		{`local f = io.open("/w.txt", "a+") f:write("!") f:close() return io.readFile("w.txt")`, `hi!`},
		{`return io.mkdir("/data")`, `true 0`},
		{`return io.mkdir("/data")`, `false -17`},
		{`return io.writeFile("/data/x", "1"), io.exists("/data/x"), io.exists("/data")`, `true true false`},
		{`local ok, t = io.lsdir("/") return ok, #t, t[1].name, t[1].type, t[2].name`, `true 3 boot.txt 0 data`},
		{`local ok, t = io.lsdir("/", 1, 2) return ok, #t, t[1].name`, `true 1 w.txt`},
		{`return io.rmdir("/data")`, `false -39`},
		{`return os.remove("/data/x"), io.rmdir("/data")`, `true true 0`},
		{`return os.rename("/w.txt", "/v.txt"), io.exists("/v.txt"), io.exists("/w.txt")`, `true true false`},
		{`return os.remove("/nope")`, `nil /nope: No such file or directory 2`},
		{`return io.lsdir("/nope")`, `false -2`},
		{`return io.FILE, io.DIR`, `0 1`},
		{`return io.write, io.popen, io.stdout, io.read`, `nil nil nil nil`},
		{`return #io.lsmount(), io.lsmount()[2].path`, `2 /luadb`},
	}
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
	if b, err := os.ReadFile(filepath.Join(data, "boot.txt")); err != nil || string(b) != "1234567" {
		t.Fatalf("host file: %q, %v", b, err)
	}
}

// TestIOSandbox proves no path reaches outside DataDir.
func TestIOSandbox(t *testing.T) {
	env, _ := fsEnv(t)
	L := newState(t, env)
	for _, p := range []string{"/../outside.txt", "../outside.txt", "/a/../../outside.txt", "/luadb/../outside.txt", "a\x00b"} {
		L.SetGlobal("p", luaString(p))
		got := eval(t, L, `return io.readFile(p), io.exists(p), io.open(p)`)
		if !strings.HasSuffix(got, "Invalid argument 22") || strings.Contains(got, "secret") {
			t.Errorf("%q: %q", p, got)
		}
		if got := eval(t, L, `return io.writeFile(p, "x")`); got != "" {
			t.Errorf("writeFile(%q) = %q", p, got)
		}
	}
	if msg := evalErr(t, L, `for l in io.lines("/../outside.txt") do end`); msg != "/../outside.txt: Invalid argument" {
		t.Errorf("io.lines: %q", msg)
	}
}

func TestIONoDataDir(t *testing.T) {
	L := newState(t, nil)
	if got := eval(t, L, `return io.open("/x", "w")`); got != "nil /x: No such device 19" {
		t.Fatalf("got %q", got)
	}
	if got := eval(t, L, `return io.exists("/luadb/main.lua"), io.mkdir("/d")`); got != "false false -19" {
		t.Fatalf("got %q", got)
	}
}

func TestScanLuadb(t *testing.T) {
	env, _ := fsEnv(t)
	m, err := luatlib.ScanLuadb(env.ScriptDir)
	if err != nil || len(m) != 2 || filepath.Base(filepath.Dir(m["netdrv_4g.lua"])) != "netdrv" {
		t.Fatalf("ScanLuadb = %v, %v", m, err)
	}
	if _, err := luatlib.ScanLuadb(filepath.Join(env.ScriptDir, "missing")); err == nil {
		t.Fatal("missing dir: no error")
	}
}

func TestLoadfileMapped(t *testing.T) {
	env, data := fsEnv(t)
	must(t, os.WriteFile(filepath.Join(data, "lib.lua"), []byte("return 1 + 1"), 0o644))
	L := newState(t, env)
	cases := []struct{ chunk, want string }{
		{`return dofile("/luadb/netdrv_4g.lua")`, `4`},
		{`return dofile("/lib.lua")`, `2`},
		{`return loadfile("/lib.lua")()`, `2`},
		{`return loadfile("/nope.lua")`, `nil cannot open /nope.lua: No such file or directory`},
		{`return loadfile("/../outside.txt")`, `nil cannot open /../outside.txt: Invalid argument`},
	}
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
	if msg := evalErr(t, L, `dofile()`); msg != "bad argument #1 to 'dofile' (string expected, got no value)" {
		t.Errorf("dofile(): %q", msg)
	}
}

// TestScanLuadbRule: the shallower file of a basename wins even when the
// deeper one comes first in walk order; hidden files and folders are
// skipped; Env.Luadb, when given, replaces the scan of ScriptDir.
func TestScanLuadbRule(t *testing.T) {
	proj := t.TempDir()
	for name, body := range map[string]string{"a/b/x.lua": "deep", "z/x.lua": "shallow", ".h.lua": "hidden", "m/.d/y.lua": "y"} {
		p := filepath.Join(proj, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(body), 0o644))
	}
	m, err := luatlib.ScanLuadb(proj)
	if err != nil || len(m) != 1 || m["x.lua"] != filepath.Join(proj, "z", "x.lua") {
		t.Fatalf("ScanLuadb = %v, %v", m, err)
	}
	L := newState(t, &luatlib.Env{Luadb: map[string]string{"only.lua": filepath.Join(proj, "a", "b", "x.lua")}})
	if got := eval(t, L, `return io.readFile("/luadb/only.lua"), io.exists("/luadb/x.lua")`); got != "deep false" {
		t.Fatalf("Env.Luadb: got %q", got)
	}
}
