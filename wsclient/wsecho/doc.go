// Package wsecho is the built-in echo server: what LuatOS's public echo
// service and its tools/ws_echo_server.py serve (luatos-semantics.md §1.15).
//
// # Place in the data path
//
//	device script → wsclient → netif (hosts map: echo.airtun.air32.cn) → wsecho
//
// The emulator runs one in-process instance and maps echo.airtun.air32.cn to
// it unless -hosts says otherwise, so the seed's example script runs with no
// network; "air780emu echo -listen ADDR" runs it alone.
//
// # Paths
//
//	/ws/echo   a text message that is a JSON object with "action":"echo" is
//	           answered with the same object plus "server":ServerField;
//	           anything else (other JSON, non-JSON, binary) gets no reply
//	/ws/echo2  text and binary messages are echoed unchanged, any size
//	           (streamed, so memory stays bounded)
//	other      the websocket is accepted and closed with code 4404
//
// Options.PingInterval makes the server ping its clients (the Python server
// does not), for tests of the clients' pong handling.
package wsecho
