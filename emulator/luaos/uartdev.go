package luaos

import (
	"context"
	"sync"
)

// defaultUARTBuf is uart.setup's default receive buffer (§3.8: buf=1024).
const defaultUARTBuf = 1024

// uartDev is the receiving side of a port the script can claim (UART1 is
// the main port, VUART_0 the USB port). Until uart.setup claims it, its
// input is the REPL's. The reader goroutine pushes, the VM reads; a full
// buffer stops the reader (backpressure), never drops.
type uartDev struct {
	id int

	mu       sync.Mutex
	claimed  bool
	buf      []byte
	max      int
	gen      uint64
	notified bool          // a receive notice is on the bus
	space    chan struct{} // signalled when read frees room
}

func newUARTDev(id int) *uartDev {
	return &uartDev{id: id, max: defaultUARTBuf, space: make(chan struct{}, 1)}
}

// reset returns the port to the REPL at a boot.
func (d *uartDev) reset(gen uint64) {
	d.mu.Lock()
	d.claimed, d.buf, d.max, d.gen, d.notified = false, nil, defaultUARTBuf, gen, false
	d.mu.Unlock()
	d.signal()
}

// claim hands the port's input to the script (uart.setup).
func (d *uartDev) claim(bufSize int) {
	d.mu.Lock()
	d.claimed = true
	if bufSize > 0 {
		d.max = bufSize
	}
	d.mu.Unlock()
}

// isClaimed reports whether the script owns the port's input.
func (d *uartDev) isClaimed() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.claimed
}

// push appends data, waiting for room while the buffer is full, and puts
// one receive notice on the bus when none is pending.
func (d *uartDev) push(ctx context.Context, rt *machine, data []byte) error {
	for len(data) > 0 {
		d.mu.Lock()
		room := d.max - len(d.buf)
		if room <= 0 {
			d.mu.Unlock()
			select {
			case <-d.space:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		n := min(room, len(data))
		d.buf = append(d.buf, data[:n]...)
		data = data[n:]
		notify, gen := !d.notified, d.gen
		d.notified = true
		d.mu.Unlock()
		if notify {
			id := d.id
			if err := rt.post(ctx, gen, func(v *vm) { v.uartNotify(id) }); err != nil {
				return err
			}
		}
	}
	return nil
}

// ack clears the pending notice and returns the bytes buffered.
func (d *uartDev) ack() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.notified = false
	return len(d.buf)
}

// read takes up to n buffered bytes.
func (d *uartDev) read(n int) []byte {
	d.mu.Lock()
	n = max(0, min(n, len(d.buf)))
	out := append([]byte(nil), d.buf[:n]...)
	d.buf = append(d.buf[:0], d.buf[n:]...)
	d.mu.Unlock()
	if n > 0 {
		d.signal()
	}
	return out
}

// signal wakes a reader waiting for room.
func (d *uartDev) signal() {
	select {
	case d.space <- struct{}{}:
	default:
	}
}
