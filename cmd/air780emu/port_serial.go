package main

import (
	"fmt"

	"go.bug.st/serial"
)

// serialPort is a real serial device (a USB-UART wired to an MCU, say),
// opened with go.bug.st/serial (reference/anchors.md §C.3).
//
// It is opened with no InitialStatusBits (setting them fails on PTYs and on
// adapters without modem lines) and with no read timeout, so Read blocks
// until bytes arrive and never returns the (0, nil) a timeout would give
// (style-anchors.md §8.3). The emulator drives no modem lines (DTR, RTS, RI,
// DCD) yet; when it does, ENOTTY from those ioctls means "not supported by
// this device", not a failure.
type serialPort struct {
	serial.Port
	path string
}

var _ Port = (*serialPort)(nil)

// openSerial opens path at baud, 8N1.
func openSerial(path string, baud int) (*serialPort, error) {
	p, err := serial.Open(path, &serial.Mode{BaudRate: baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit})
	if err != nil {
		return nil, fmt.Errorf("-port %s: %w", path, err)
	}
	return &serialPort{Port: p, path: path}, nil
}

// Addr is the device path.
func (p *serialPort) Addr() string { return p.path }
