package wsclient_test

import (
	"fmt"

	"github.com/air780emu/air780emu/wsclient"
	"github.com/air780emu/air780emu/wsclient/wsecho"
)

// ParseURL applies the firmware's URL rules, quirks included.
func ExampleParseURL() {
	for _, u := range []string{"ws://echo.airtun.air32.cn/ws/echo", "wss://h.example:8443/x?a=1", "ws://a/x"} {
		t, _ := wsclient.ParseURL(u)
		fmt.Printf("tls=%v host=%s port=%d path=%s\n", t.TLS, t.Host, t.Port, t.Path)
	}
	// Output:
	// tls=false host=echo.airtun.air32.cn port=80 path=/ws/echo
	// tls=true host=h.example port=8443 path=/x?a=1
	// tls=false host=a/x port=80 path=/
}

// PercentEncodeValue is the firmware's encoding of header values (§1.10).
func ExamplePercentEncodeValue() {
	fmt.Println(wsclient.PercentEncodeValue("Basic ABC-1.2_3*"))
	// Output: Basic%20ABC%2D1%2E2%5F3%2A
}

// The seed's flow against the built-in echo server: create, connect, wait
// for conack, send, print what comes back, close.
func Example() {
	srv, err := wsecho.Listen("127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	c, err := wsclient.Create("ws://"+srv.Addr()+"/ws/echo", nil)
	if err != nil {
		panic(err)
	}
	defer c.Close()
	c.Connect()
	for ev := range c.Events() {
		switch ev.Kind {
		case wsclient.Conack:
			c.Send([]byte(`{"action":"echo","msg":"hello"}`), true, 0)
		case wsclient.Recv:
			fmt.Printf("recv fin=%v opcode=%d %s\n", ev.Fin, ev.Opcode, ev.Data)
			return
		case wsclient.Error, wsclient.Disconnect:
			fmt.Println("failed:", ev.Err)
			return
		}
	}
	// Output: recv fin=true opcode=1 {"action":"echo","msg":"hello","server":"ws_echo_server.py"}
}
