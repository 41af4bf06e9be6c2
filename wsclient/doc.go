// Package wsclient is the emulated module's websocket client, with the
// semantics of the LuatOS websocket library (luatos-semantics.md §1) on top
// of github.com/coder/websocket.
//
// # Place in the data path
//
//	AT (+WS* commands) or Lua (websocket.*) → emulator → wsclient
//	    → Options.Dial (a netif interface's DialContext) → real server
//
// wsclient never imports netif: "create(adapter, ...)" picks an interface by
// the caller passing that interface's DialContext as Options.Dial.
//
// # API, one to one with the Lua library
//
//	websocket.create(adapter, url, keepalive, ipv6)  Create(url, &Options{Dial, Keepalive, IPv6})
//	wsc:on(cb)                                       Events() (one ordered channel)
//	wsc:connect()                                    Connect() (asynchronous)
//	wsc:ready()                                      Ready()
//	wsc:send(data, fin, opt)                         Send(data, fin, opcode)
//	wsc:autoreconn(enable, ms)                       AutoReconn(enable, d)
//	wsc:headers(tbl | str)                           SetHeaders(pairs) / SetHeaderString(s)
//	wsc:debug(on)                                    SetDebug(on)
//	wsc:close()                                      Close()
//
// # Events and their order
//
// Events come on one buffered channel, in the order the firmware's callback
// sees them (§1.4):
//
//	connected                          conack
//	data                               recv ... (pieces, see below)
//	a Send written                     sent (one per Send; the firmware may coalesce)
//	DNS failure, refused, TLS failure  error("connect"), disconnect
//	TCP close/reset, link lost         error("connect"), disconnect
//	server close frame                 error("rx"), disconnect
//	non-101 handshake response         error("rx"), disconnect
//	oversize message (Firmware)        error("rx"), disconnect
//	socket write fails                 error("tx"), disconnect
//
// Error and Disconnect of a connection come after every Recv and Sent of it.
// With AutoReconn on, every disconnect is followed by "I/websocket reconnect
// after <ms>ms" and, after that fixed interval, a new connect (forever).
// Close delivers no Disconnect: after Close returns the channel is closed and
// events not yet received are discarded, as the firmware drops its callback.
//
// Nothing is dropped silently: a consumer that does not read Events blocks
// the reader (TCP backpressure on the server), and messages that Send
// accepted but the connection never wrote are counted in the Error event's
// *UnsentError.
//
// # Spec and Firmware side by side
//
// Options.Quirks picks the documented API (Spec, the default) or what the
// firmware really does (Firmware):
//
//	                   Spec (seed documentation)          Firmware (§1.6-1.10)
//	send fin           fin=false fragments a message      ignored, FIN always 1
//	send opcode        0 text, 1 binary, else error       1 binary, anything else text
//	send size          up to MaxMessage (16 MiB)          65535 bytes or more: ErrTooLarge
//	receive            any size, in RecvMax pieces:       a message over RecvMax (8 KiB):
//	                   opcode 1/2 then 0, fin on last     error("rx"), disconnect
//	header values      unchanged                          * - . _ space percent-encoded
//	Host header        port omitted when default          always host:port
//	wss                verify: system roots + CAFile or   no verification
//	                   RootCAs; Insecure skips
//
// Deviations from the firmware that coder/websocket imposes (anchors.md
// §C.1), in both modes: a fragmented send ends with an extra empty FIN frame;
// received messages are joined, so a server's fragments arrive as one
// message (split again into RecvMax pieces in Spec); the client answers a
// server close frame with a close frame (the firmware sends none); keepalive
// pings carry a counter payload instead of being empty; the handshake uses
// a random Sec-WebSocket-Key and checks Sec-WebSocket-Accept (the firmware
// uses a fixed key and checks nothing past "HTTP/1.1 101"); header lines are
// "Name: value" (the firmware omits the space).
//
// Firmware behaviour deliberately not reproduced: the uint16 truncation of
// sends over 65535 bytes (silent data loss; ErrTooLarge instead), dropping
// bytes that arrive in the same read as the 101 response (§1.3), the
// spurious "sent" before error("connect") when a link dies with TX pending
// (§1.4 edge case), and per-frame delivery of a server's fragments.
//
// Known limit: coder/websocket writes a ping with a 5 s write deadline; if
// the peer's TCP window stays closed that long while idle, the connection is
// closed and reported as error("connect") (the firmware would wait for TCP).
// Connects are bounded by Options.HandshakeTimeout (an emulator addition).
//
// # Logging
//
// Options.Logf receives the firmware's lines (§1.12), e.g.
// "I/websocket connect host echo.airtun.air32.cn port 80",
// "I/websocket ready!!", "I/websocket reconnect after 3000ms",
// "I/websocket websocket closing socket". SetDebug(true) adds
// "D/websocket ..." lines (an emulator addition).
package wsclient
