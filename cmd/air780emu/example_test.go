package main

import "fmt"

// Example_parsePortSpec shows the three kinds of -port value and a bad one.
func Example_parsePortSpec() {
	for _, v := range []string{"pty", "tcp://127.0.0.1:7000", "/dev/ttyUSB0", "COM3"} {
		ps, err := parsePortSpec(v)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%s (kind %d, addr %q)\n", ps, ps.kind, ps.addr)
	}
	// Output:
	// pty (kind 1, addr "")
	// tcp://127.0.0.1:7000 (kind 2, addr "127.0.0.1:7000")
	// /dev/ttyUSB0 (kind 3, addr "/dev/ttyUSB0")
	// error: -port "COM3": want pty, tcp://HOST:PORT or a device path such as /dev/ttyUSB0
}
