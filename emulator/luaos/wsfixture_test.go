package luaos

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/boards"
	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient/wsecho"
)

// echoEnv starts the built-in echo server on 127.0.0.1 and returns an Env
// whose interfaces map echo.airtun.air32.cn to it.
func echoEnv(t testing.TB) (*Env, *wsecho.Server) {
	t.Helper()
	srv, err := wsecho.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	set := netif.NewSet(&netif.Options{Hosts: map[string]string{"echo.airtun.air32.cn": srv.Addr()}})
	t.Cleanup(func() { _ = set.Close() })
	board, _ := boards.Lookup("Air780E")
	return &Env{Board: board, Identity: boards.NewIdentity(board, 7, 0), Net: set}, srv
}

// TestFixtureWSEcho runs fixtures/lua/ws_echo unmodified against the echo
// server: the log shows conack, the echoed device_id message (with the
// server's field), and a message of the ready() loop.
func TestFixtureWSEcho(t *testing.T) {
	env, _ := echoEnv(t)
	sink, stop := start(t, Options{Script: filepath.Join("..", "..", "fixtures", "lua", "ws_echo"), Env: env})
	sink.waitFor(t, "I/user.wsc conack nil nil nil", 5*time.Second)
	want := `I/user.wsc recv {"action":"echo","device_id":"` + env.Identity.IMEI + `","server":"ws_echo_server.py"} 1 1`
	sink.waitFor(t, want, 5*time.Second)
	sink.waitFor(t, `"msg":"loop 1"`, 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got := userLines(sink.lines(), "I/user.", "I/websocket")
	if !strings.HasPrefix(strings.Join(got, "\n"), strings.Join([]string{
		"I/user.main WS_ECHO 1.0.0",
		"I/websocket connect host echo.airtun.air32.cn port 80",
		"I/websocket ready!!",
		"I/user.wsc conack nil nil nil",
	}, "\n")) {
		t.Fatalf("unexpected start of log:\n%s", sink.String())
	}
}
