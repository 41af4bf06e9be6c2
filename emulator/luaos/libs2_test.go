package luaos

import (
	"net"
	"net/http"
	"testing"

	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
)

// TestWSHeadersOnTheWire: headers set from Lua reach the server; under the
// firmware's quirks a table value is percent-encoded (§1.10); the string
// form goes verbatim. Also covers debug(), a zbuff payload and the
// keepalive argument.
func TestWSHeadersOnTheWire(t *testing.T) {
	got := make(chan http.Header, 2)
	addr := rawServer(t, func(c net.Conn, r *http.Request) {
		got <- r.Header
		accept101(c, r)
		buf := make([]byte, 64)
		_, _ = c.Read(buf) // the zbuff frame; then the test ends the connection
	})
	env, _ := echoEnv(t)
	set := netif.NewSet(&netif.Options{Hosts: map[string]string{"hdr.test": addr}})
	t.Cleanup(func() { _ = set.Close() })
	env.Net = set
	lines := runUntil(t, Options{Env: env, Quirks: wsclient.Firmware}, `
local a = websocket.create(nil, "ws://hdr.test/a", 30)
log.info("hdr", a:headers({Auth = "Basic ABC-1.x_y*"}), a:headers(42), a:debug(true), a:debug("x"))
a:on(function(c, ev)
  if ev == "conack" then
    local z = zbuff.create(8)
    z:write("zb")
    log.info("zbuff", c:send(z), select("#", c:send({})))
    log.info("end")
  end
end)
a:connect()
sys.run()
`, "I/user.end", "I/user.", "D/websocket only")
	equalLines(t, lines, []string{
		"I/user.hdr true nil nil",
		"D/websocket only support string or zbuff",
		"I/user.zbuff true 0",
		"I/user.end",
	})
	h := <-got
	if v := h.Get("Auth"); v != "Basic%20ABC%2D1%2Ex%5Fy%2A" {
		t.Fatalf("Auth header %q", v)
	}
}

// TestSmallLibraries covers the remaining small functions: socket.adapter()
// without an id, socket.sntp, mobile signal figures, uart.exist/close,
// repl.enable's inverted result and repl.push.
func TestSmallLibraries(t *testing.T) {
	lines := runUntil(t, Options{}, `
log.info("adapter", socket.adapter())
sys.subscribe("NTP_UPDATE", function() log.info("ntp", "update") end)
socket.sntp()
log.info("mobile", mobile.rssi(), mobile.rsrp(), mobile.rsrq(), mobile.snr())
log.info("uart", uart.exist(1), uart.exist(5), uart.setup(9), uart.setup(2), uart.write(2, "x"))
uart.close(1)
log.info("repl", repl.enable(false), repl.enable(true), repl.enable())
repl.push("log.info('pushed', 1)\n")
sys.timerStart(log.info, 20, "end")
sys.run()
`, "I/user.end", "I/user.")
	equalLines(t, lines, []string{
		"I/user.adapter true 1",
		"I/user.mobile -63 -83 -10 15",
		"I/user.uart true false -1 0 1",
		"I/user.repl false true false",
		"I/user.ntp update",
		"I/user.pushed 1",
		"I/user.end",
	})
}
