package main

import (
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"go.bug.st/serial"
)

// serialReopenEvery is how often a lost device is looked for again.
const serialReopenEvery = 250 * time.Millisecond

// serialPort is a real serial device (a USB-UART wired to an MCU, say),
// opened with go.bug.st/serial (reference/anchors.md §C.3).
//
// It is opened with no InitialStatusBits (setting them fails on PTYs and on
// adapters without modem lines) and with no read timeout, so Read blocks
// until bytes arrive and never returns the (0, nil) a timeout would give
// (style-anchors.md §8.3). The emulator drives no modem lines (DTR, RTS, RI,
// DCD) yet; when it does, ENOTTY from those ioctls means "not supported by
// this device", not a failure.
//
// A device that goes away (a USB-UART unplugged) is reopened at the same
// path every serialReopenEvery until it returns, so the module keeps its
// state across a replug, as it does across TCP reconnections. Meanwhile
// Read waits and Writes are discarded, as on a wire with nothing attached.
type serialPort struct {
	path string
	mode *serial.Mode
	log  *slog.Logger

	mu      sync.Mutex
	port    serial.Port   // nil while the device is away
	changed chan struct{} // closed and replaced when port changes
	done    chan struct{}
	once    sync.Once
	wg      sync.WaitGroup // the reopen goroutine
}

var _ Port = (*serialPort)(nil)

// openSerial opens path at baud, 8N1. The first open must succeed.
func openSerial(path string, baud int, log *slog.Logger) (*serialPort, error) {
	mode := &serial.Mode{BaudRate: baud, DataBits: 8, Parity: serial.NoParity, StopBits: serial.OneStopBit}
	sp, err := serial.Open(path, mode)
	if err != nil {
		return nil, fmt.Errorf("-port %s: %w", path, err)
	}
	return &serialPort{path: path, mode: mode, log: log, port: sp,
		changed: make(chan struct{}), done: make(chan struct{})}, nil
}

// Addr is the device path.
func (p *serialPort) Addr() string { return p.path }

// current returns the open device (or nil) and a channel closed on change.
func (p *serialPort) current() (serial.Port, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.port, p.changed
}

// Read returns bytes from the device, waiting across a replug.
func (p *serialPort) Read(b []byte) (int, error) {
	for {
		sp, changed := p.current()
		if sp == nil {
			select {
			case <-changed:
				continue
			case <-p.done:
				return 0, net.ErrClosed
			}
		}
		n, err := sp.Read(b)
		if n > 0 {
			return n, nil
		}
		if p.closed() {
			return 0, net.ErrClosed
		}
		if err != nil {
			p.lost(sp, err)
		}
	}
}

// Write sends b to the device, or discards it while the device is away.
func (p *serialPort) Write(b []byte) (int, error) {
	if p.closed() {
		return 0, net.ErrClosed
	}
	sp, _ := p.current()
	if sp == nil {
		return len(b), nil
	}
	if _, err := sp.Write(b); err != nil {
		if p.closed() {
			return 0, net.ErrClosed
		}
		p.lost(sp, err)
	}
	return len(b), nil
}

// lost drops sp (if it is still the device) and starts looking for the
// device again.
func (p *serialPort) lost(sp serial.Port, cause error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.port != sp || p.closed() {
		return
	}
	sp.Close()
	p.port = nil
	p.signalLocked()
	p.log.Warn("serial device lost; reopening", "port", p.path, "err", cause)
	p.wg.Add(1)
	go p.reopen()
}

func (p *serialPort) signalLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// reopen tries the path until it opens or the port is closed.
func (p *serialPort) reopen() {
	defer p.wg.Done()
	t := time.NewTicker(serialReopenEvery)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
		}
		sp, err := serial.Open(p.path, p.mode)
		if err != nil {
			continue
		}
		p.mu.Lock()
		if p.closed() {
			p.mu.Unlock()
			sp.Close()
			return
		}
		p.port = sp
		p.signalLocked()
		p.mu.Unlock()
		p.log.Info("serial device back", "port", p.path)
		return
	}
}

func (p *serialPort) closed() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Close closes the device and stops reopening; idempotent. A pending Read
// or Write returns net.ErrClosed.
func (p *serialPort) Close() error {
	var err error
	p.once.Do(func() {
		p.mu.Lock()
		close(p.done)
		sp := p.port
		p.port = nil
		p.mu.Unlock()
		if sp != nil {
			err = sp.Close()
		}
		p.wg.Wait()
	})
	return err
}
