package luaos

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"net"
	"net/http"
	"sync"
	"testing"

	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
)

// rawServer serves every connection on 127.0.0.1 with handle and returns
// its address; it stops (and waits for its goroutines) at cleanup.
func rawServer(t *testing.T, handle func(c net.Conn, r *http.Request)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				req, err := http.ReadRequest(bufio.NewReader(c))
				if err != nil {
					return
				}
				handle(c, req)
			}()
		}
	}()
	t.Cleanup(func() { _ = ln.Close(); wg.Wait() })
	return ln.Addr().String()
}

// accept101 answers a websocket handshake correctly (RFC 6455 §4.2.2).
func accept101(c net.Conn, r *http.Request) {
	sum := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	_, _ = c.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(sum[:]) + "\r\n\r\n"))
}

// TestWSMoreErrorPaths covers the remaining rows of §1.4 that a server can
// cause, through real sockets: a DNS failure and a remote TCP close after
// the handshake give error("connect") then disconnect; a non-101 answer
// gives error("rx") then disconnect.
func TestWSMoreErrorPaths(t *testing.T) {
	dropAfter101 := rawServer(t, func(c net.Conn, r *http.Request) { accept101(c, r) })
	notFound := rawServer(t, func(c net.Conn, r *http.Request) {
		_, _ = c.Write([]byte("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))
	})
	env := wsEnv(t)
	set := netif.NewSet(&netif.Options{Hosts: map[string]string{"drop.test": dropAfter101, "notfound.test": notFound}})
	t.Cleanup(func() { _ = set.Close() })
	env.Net = set
	if err := env.Net.Interface(netif.ETH0).Configure(netif.Config{DNSFail: 1}); err != nil {
		t.Fatal(err)
	}
	lines := runUntil(t, Options{Env: env}, `
local function run(tag, adapter, url)
  local c = websocket.create(adapter, url)
  c:on(function(c, ev, data, fin, op)
    log.info(tag, ev, data, fin, op)
    if ev == "disconnect" then sys.publish(tag) end
  end)
  c:connect()
  sys.waitUntil(tag, 5000)
end
sys.taskInit(function()
  run("dns", socket.ETH0, "ws://nowhere.test/ws")
  run("drop", nil, "ws://drop.test/ws")
  run("http", nil, "ws://notfound.test/ws")
  log.info("end")
end)
sys.run()
`, "I/user.end", "I/user.")
	equalLines(t, lines, []string{
		"I/user.dns error connect 0 nil",
		"I/user.dns disconnect nil nil nil",
		"I/user.drop conack nil nil nil",
		"I/user.drop error connect 0 nil",
		"I/user.drop disconnect nil nil nil",
		"I/user.http error rx 0 nil",
		"I/user.http disconnect nil nil nil",
		"I/user.end",
	})
}

// TestWSReceiveCap: a 9000-byte message over the board's 8192-byte buffer
// is an error("rx") then disconnect under the firmware's quirks (§1.7);
// under the spec it arrives in pieces of at most 8192 bytes, FIN on the
// last, continuation opcode after the first.
func TestWSReceiveCap(t *testing.T) {
	script := `
local wsc = websocket.create(nil, "ws://echo.airtun.air32.cn/ws/echo2")
wsc:on(function(c, ev, data, fin, op)
  if ev == "conack" then c:send(string.rep("a", 9000)) end
  if ev == "recv" then log.info("ev", ev, #data, fin, op) else log.info("ev", ev, data, fin, op) end
  if ev == "disconnect" or fin == 1 then log.info("end") end
end)
wsc:connect()
sys.run()
`
	for _, tc := range []struct {
		quirks wsclient.Quirks
		want   []string
	}{
		{wsclient.Firmware, []string{"I/user.ev conack nil nil nil", "I/user.ev error rx 0 nil", "I/user.ev disconnect nil nil nil", "I/user.end"}},
		{wsclient.Spec, []string{"I/user.ev conack nil nil nil", "I/user.ev recv 8192 0 1", "I/user.ev recv 808 1 0", "I/user.end"}},
	} {
		lines := runUntil(t, Options{Env: wsEnv(t), Quirks: tc.quirks}, script, "I/user.end", "I/user.")
		lines, _ = without(lines, "I/user.ev sent") // its order against the echo is a race
		equalLines(t, lines, tc.want)
	}
}
