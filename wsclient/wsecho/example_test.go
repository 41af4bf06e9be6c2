package wsecho_test

import (
	"fmt"

	"github.com/air780emu/air780emu/wsclient/wsecho"
)

// EchoReply is /ws/echo's answer: the object back with "server" added.
func ExampleEchoReply() {
	reply, ok := wsecho.EchoReply([]byte(`{"action":"echo", "msg":"hello"}`))
	fmt.Println(string(reply), ok)
	_, ok = wsecho.EchoReply([]byte(`{"action":"other"}`))
	fmt.Println(ok)
	// Output:
	// {"action":"echo","msg":"hello","server":"ws_echo_server.py"} true
	// false
}
