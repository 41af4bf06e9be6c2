package luaos

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
)

// closedPort returns a 127.0.0.1 address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// wsEnv is echoEnv plus a host that refuses connections.
func wsEnv(t *testing.T) *Env {
	t.Helper()
	env, srv := echoEnv(t)
	set := netif.NewSet(&netif.Options{Hosts: map[string]string{
		"echo.airtun.air32.cn": srv.Addr(),
		"refused.test":         closedPort(t),
	}})
	t.Cleanup(func() { _ = set.Close() })
	env.Net = set
	return env
}

// runUntil runs script with env until the log shows until, and returns the
// lines with the given prefixes.
func runUntil(t *testing.T, opts Options, script, until string, prefixes ...string) []string {
	t.Helper()
	opts.Script = writeProject(t, map[string]string{"main.lua": script})
	sink, stop := start(t, opts)
	sink.waitFor(t, until, 10*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	return userLines(sink.lines(), prefixes...)
}

// without drops the lines containing sub.
func without(lines []string, sub string) (kept []string, dropped int) {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			dropped++
			continue
		}
		kept = append(kept, l)
	}
	return kept, dropped
}

// TestWSEventsHappyPath (Spec quirks): the object's shape (§1.1), send
// before ready, conack then WEBSOCKET_CONNACK, text and binary recv with
// FIN and opcode, sent events, and close() with no disconnect after it.
func TestWSEventsHappyPath(t *testing.T) {
	lines := runUntil(t, Options{Env: wsEnv(t)}, `
local wsc = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/echo2")
log.info("obj", tostring(wsc):match("^WS%*: 0x") ~= nil, wsc.disconnect == nil, wsc.headers ~= nil, wsc:ready())
log.info("early", wsc:send("x"))
sys.subscribe("WEBSOCKET_CONNACK", function(c) log.info("pub", "CONNACK", c == wsc) end)
wsc:on(function(c, ev, data, fin, op)
  log.info("ev", ev, data, fin, op)
  if ev == "conack" then log.info("send", c:send("hello")) end
  if ev == "recv" and op == 1 then log.info("send", c:send("\1\2", 1, 1)) end
  if ev == "recv" and op == 2 then sys.publish("GOT_BIN") end
end)
log.info("connect", wsc:connect())
sys.taskInit(function()
  sys.waitUntil("GOT_BIN", 5000)
  sys.wait(100)
  wsc:close()
  log.info("closed", wsc:ready(), wsc:send("late"))
  sys.wait(200)
  log.info("end")
end)
sys.run()
`, "I/user.end", "I/user.", "I/websocket")
	lines, sent := without(lines, "I/user.ev sent")
	if sent != 2 {
		t.Errorf("%d sent events, want 2 (one per accepted send)", sent)
	}
	// wsclient logs "connect host" from its connect goroutine, so its place
	// against the script's next line is a race (the firmware logs it inside
	// connect(), §1.5).
	lines, n := without(lines, "I/websocket connect host echo.airtun.air32.cn port 80")
	if n != 1 {
		t.Errorf("%d connect lines, want 1", n)
	}
	equalLines(t, lines, []string{
		"I/user.obj true true true false",
		"I/websocket not ready yet",
		"I/user.early false",
		"I/user.connect true",
		"I/websocket ready!!",
		"I/user.ev conack nil nil nil",
		"I/user.send true",
		"I/user.pub CONNACK true",
		"I/user.ev recv hello 1 1",
		"I/user.send true",
		"I/user.ev recv \x01\x02 1 2",
		"I/websocket websocket closing socket",
		"I/websocket not ready yet",
		"I/user.closed false false",
		"I/user.end",
	})
}

// TestWSEventsErrorPaths: a server close frame gives error("rx", 0) then
// disconnect; a refused connect gives error("connect", 0) then disconnect
// (§1.4); an invalid adapter returns nil; without a callback no
// WEBSOCKET_CONNACK is published.
func TestWSEventsErrorPaths(t *testing.T) {
	lines := runUntil(t, Options{Env: wsEnv(t)}, `
log.info("bad", select("#", websocket.create(-1, "ws://x/")), select("#", websocket.create(19, "ws://x/")))
local function cb(tag)
  return function(c, ev, data, fin, op)
    log.info(tag, ev, data, fin, op)
    if ev == "disconnect" then sys.publish(tag .. "_DONE") end
  end
end
sys.subscribe("WEBSOCKET_CONNACK", function() log.info("pub", "CONNACK") end)
sys.taskInit(function()
  local a = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/nosuch")
  a:on(cb("a"))
  a:connect()
  sys.waitUntil("a_DONE", 5000)
  local b = websocket.create(nil, "ws://refused.test:80/ws")
  b:on(cb("b"))
  b:connect()
  sys.waitUntil("b_DONE", 5000)
  local n = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/echo2")
  n:connect()
  while not n:ready() do sys.wait(10) end
  sys.wait(100)
  log.info("end")
end)
sys.run()
`, "I/user.end", "I/user.")
	equalLines(t, lines, []string{
		"I/user.bad 0 0",
		"I/user.a conack nil nil nil",
		"I/user.pub CONNACK",
		"I/user.a error rx 0 nil",
		"I/user.a disconnect nil nil nil",
		"I/user.b error connect 0 nil",
		"I/user.b disconnect nil nil nil",
		"I/user.end",
	})
}

// TestWSLinkLossAndAutoreconn: taking LWIP_GP down while connected gives
// error("connect") then disconnect and IP_LOSE(1); bringing it up gives
// IP_READY(ip, 1), and autoreconn connects again (a second conack).
func TestWSLinkLossAndAutoreconn(t *testing.T) {
	env := wsEnv(t)
	opts := Options{Env: env, Script: writeProject(t, map[string]string{"main.lua": `
sys.subscribe("IP_LOSE", function(a) log.info("net", "IP_LOSE", a) end)
sys.subscribe("IP_READY", function(ip, a) log.info("net", "IP_READY", ip ~= "", a) end)
local wsc = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/echo2")
wsc:autoreconn(true, 1000)
wsc:on(function(c, ev, data, fin, op) log.info("ev", ev, data, fin, op) end)
wsc:connect()
sys.run()
`})}
	sink, stop := start(t, opts)
	sink.waitFor(t, "I/user.ev conack", 5*time.Second)
	gp := env.Net.Interface(netif.LWIPGP)
	gp.SetUp(false)
	sink.waitFor(t, "I/user.ev disconnect", 5*time.Second)
	sink.waitFor(t, "I/user.net IP_LOSE 1", 5*time.Second)
	gp.SetUp(true)
	sink.waitFor(t, "I/user.net IP_READY true 1\n", 5*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(sink.String(), "I/user.ev conack") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("no second conack:\n%s", sink.String())
		}
		sink.waitFor(t, "I/user.ev", time.Second)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	ev := userLines(sink.lines(), "I/user.ev")
	equalLines(t, ev[:4], []string{
		"I/user.ev conack nil nil nil",
		"I/user.ev error connect 0 nil",
		"I/user.ev disconnect nil nil nil",
		"I/user.ev conack nil nil nil",
	})
	if !strings.Contains(sink.String(), "I/websocket reconnect after 1000ms") {
		t.Fatalf("no reconnect line:\n%s", sink.String())
	}
}

// TestWSWaitInCallbackKillsVM: sys.wait inside the callback (main loop,
// no coroutine) raises the firmware's error, which ends the VM (§1.4).
func TestWSWaitInCallbackKillsVM(t *testing.T) {
	lines := runUntil(t, Options{Env: wsEnv(t), RebootDelay: time.Hour}, `
local wsc = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/echo2")
wsc:on(function(c, ev) log.info("ev", ev); sys.wait(10) end)
wsc:connect()
sys.run()
`, "Lua VM exit!!", "I/user.", "E/main")
	if len(lines) != 4 || lines[0] != "I/user.ev conack" || lines[1] != "E/main Luat: " ||
		!strings.Contains(lines[2], "attempt to yield from outside a coroutine") ||
		lines[3] != "E/main Lua VM exit!! reboot in 3600000ms" {
		t.Fatalf("log:\n%s", strings.Join(lines, "\n"))
	}
}

// TestWSFirmwareQuirks: under the firmware's quirks send(s, 1) sends a
// binary frame (the fin slot selects binary, §1.6); under the spec it is
// text.
func TestWSFirmwareQuirks(t *testing.T) {
	script := `
local wsc = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/echo2")
wsc:on(function(c, ev, data, fin, op)
  if ev == "conack" then c:send("q", 1) end
  if ev == "recv" then log.info("ev", ev, data, fin, op) end
end)
wsc:connect()
sys.run()
`
	for _, tc := range []struct {
		quirks wsclient.Quirks
		want   string
	}{{wsclient.Firmware, "I/user.ev recv q 1 2"}, {wsclient.Spec, "I/user.ev recv q 1 1"}} {
		lines := runUntil(t, Options{Env: wsEnv(t), Quirks: tc.quirks}, script, "I/user.ev recv", "I/user.")
		equalLines(t, lines, []string{tc.want})
	}
}
