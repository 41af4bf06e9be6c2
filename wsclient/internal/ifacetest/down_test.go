package ifacetest

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
	"github.com/air780emu/air780emu/wsclient/wsecho"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func next(t *testing.T, c *wsclient.Client) wsclient.Event {
	t.Helper()
	select {
	case ev := <-c.Events():
		return ev
	case <-time.After(15 * time.Second):
		t.Fatal("no event")
	}
	return wsclient.Event{}
}

func expect(t *testing.T, c *wsclient.Client, kind wsclient.EventKind, errKind string) wsclient.Event {
	t.Helper()
	ev := next(t, c)
	for ev.Kind == wsclient.Sent {
		ev = next(t, c)
	}
	if ev.Kind != kind || ev.ErrKind != errKind {
		t.Fatalf("event %v(%s) %v, want %v(%s)", ev.Kind, ev.ErrKind, ev.Err, kind, errKind)
	}
	return ev
}

// TestLWIPGPDownThenUp: the seed's host, mapped by netif's hosts table to
// the built-in echo server, reached through LWIP_GP. The interface goes down
// mid-stream → error(connect), disconnect; the reconnect 1000 ms later
// (the firmware's floor, asked for 10 ms) fails the same way while down;
// back up, the next reconnect gives conack and the echo works.
func TestLWIPGPDownThenUp(t *testing.T) {
	srv, err := wsecho.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	set := netif.NewSet(&netif.Options{Hosts: map[string]string{"echo.airtun.air32.cn": srv.Addr()}})
	defer set.Close()
	lte := set.Interface(netif.LWIPGP)
	c, err := wsclient.Create("ws://echo.airtun.air32.cn/ws/echo", &wsclient.Options{Dial: lte.DialContext})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.AutoReconn(true, 10*time.Millisecond)
	c.Connect()
	expect(t, c, wsclient.Conack, "")
	echo := func() {
		t.Helper()
		if err := c.Send([]byte(`{"action":"echo","n":1}`), true, 0); err != nil {
			t.Fatal(err)
		}
		ev := expect(t, c, wsclient.Recv, "")
		if string(ev.Data) != `{"action":"echo","n":1,"server":"ws_echo_server.py"}` {
			t.Fatalf("reply %s", ev.Data)
		}
	}
	echo()
	lte.SetUp(false)
	ev := expect(t, c, wsclient.Error, wsclient.KindConnect)
	expect(t, c, wsclient.Disconnect, "")
	start := time.Now()
	ev = expect(t, c, wsclient.Error, wsclient.KindConnect)
	if d := time.Since(start); d < 990*time.Millisecond {
		t.Fatalf("reconnect after %v, want the 1000 ms floor", d)
	}
	if !errors.Is(ev.Err, syscall.ENETUNREACH) {
		t.Fatalf("dial while down: %v", ev.Err)
	}
	expect(t, c, wsclient.Disconnect, "")
	lte.SetUp(true)
	expect(t, c, wsclient.Conack, "")
	echo()
}
