package main

import "github.com/air780emu/air780emu/wsclient/wsecho"

// listenEcho starts the built-in websocket echo server (wsclient/wsecho:
// /ws/echo and /ws/echo2, DESIGN.md "Built-in echo server") on addr.
func listenEcho(addr string) (echoServer, error) {
	s, err := wsecho.Listen(addr)
	if err != nil {
		return nil, err
	}
	return s, nil
}
