package main

import (
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestSerialDevicePort: -port with a device path opens it with
// go.bug.st/serial at -baud. A PTY stands in for the USB-UART: the module
// opens its slave path as the device, and the test plays the MCU on the
// master side, with the tty's line discipline between them as on a real
// port.
func TestSerialDevicePort(t *testing.T) {
	mcu, dev, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer mcu.Close()
	path := dev.Name()
	dev.Close() // the module opens the path itself
	r := startApp(t, fakeApp(), "-port", path, "-baud", "921600", "-seed", "1")
	if r.Addr != path {
		t.Fatalf("AT port: %q, want %q", r.Addr, path)
	}
	done := make(chan []byte, 1)
	go func() {
		buf := make([]byte, 6)
		n := 0
		for n < 6 {
			k, err := mcu.Read(buf[n:])
			if err != nil {
				break
			}
			n += k
		}
		done <- buf[:n]
	}()
	if _, err := mcu.Write([]byte("AT\r")); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-done:
		if string(got) != "\r\nOK\r\n" {
			t.Fatalf("MCU got %q, want CR LF OK CR LF unaltered (raw mode set by go.bug.st/serial)", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no answer within 5 s")
	}
	r.Stop(t)
}
