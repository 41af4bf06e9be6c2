package atcmdtest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// DefaultTimeout bounds each Expect when DTE.Timeout is zero.
const DefaultTimeout = 5 * time.Second

// ErrTimeout is wrapped by Expect and ReadUntil when the bytes do not come.
var ErrTimeout = errors.New("atcmdtest: timeout")

// DTE is the host end of a serial line. A background goroutine reads
// everything the device writes into a buffer; Expect and ReadUntil consume
// it in order. The buffer holds only unconsumed bytes.
type DTE struct {
	rw      io.ReadWriter
	Timeout time.Duration

	mu      sync.Mutex
	buf     []byte
	err     error         // read error, after buf
	notify  chan struct{} // closed and replaced when buf or err change
	drained chan struct{} // closed and replaced when bytes were consumed
	done    chan struct{} // closed when the reader goroutine exits
	closing chan struct{} // closed by Close: stop waiting for a consumer
	once    sync.Once
}

// MaxBuffer bounds the unconsumed bytes a DTE holds; beyond it the DTE
// stops reading (backpressure on the device) until Expect or ReadUntil
// consumes some.
const MaxBuffer = 256 << 10

// NewDTE starts reading rw. Close rw (or call Close, which does when rw is
// an io.Closer) to stop the reader.
func NewDTE(rw io.ReadWriter) *DTE {
	d := &DTE{rw: rw, notify: make(chan struct{}), drained: make(chan struct{}),
		done: make(chan struct{}), closing: make(chan struct{})}
	go d.read()
	return d
}

func (d *DTE) read() {
	defer close(d.done)
	b := make([]byte, 32<<10)
	for {
		n, err := d.rw.Read(b)
		d.mu.Lock()
		d.buf = append(d.buf, b[:n]...)
		if err != nil {
			d.err = err
		}
		close(d.notify)
		d.notify = make(chan struct{})
		for len(d.buf) > MaxBuffer && err == nil {
			ch := d.drained
			d.mu.Unlock()
			select {
			case <-ch:
			case <-d.closing:
				return
			}
			d.mu.Lock()
		}
		d.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// Close closes rw if it is an io.Closer and waits for the reader to stop.
func (d *DTE) Close() error {
	d.once.Do(func() { close(d.closing) })
	var err error
	if c, ok := d.rw.(io.Closer); ok {
		err = c.Close()
	}
	<-d.done
	return err
}

// Send writes s to the device.
func (d *DTE) Send(s string) error { return d.SendBytes([]byte(s)) }

// SendBytes writes b to the device.
func (d *DTE) SendBytes(b []byte) error {
	_, err := d.rw.Write(b)
	if err != nil {
		return fmt.Errorf("atcmdtest: send: %w", err)
	}
	return nil
}

func (d *DTE) timeout() time.Duration {
	if d.Timeout > 0 {
		return d.Timeout
	}
	return DefaultTimeout
}

// wait calls check with the unconsumed bytes under the lock until it
// reports done, the reader fails or the timeout passes.
func (d *DTE) wait(check func(buf []byte) (consumed int, done bool)) error {
	deadline := time.NewTimer(d.timeout())
	defer deadline.Stop()
	for {
		d.mu.Lock()
		n, ok := check(d.buf)
		if n > 0 {
			d.buf = d.buf[:copy(d.buf, d.buf[n:])]
			close(d.drained)
			d.drained = make(chan struct{})
		}
		err, ch := d.err, d.notify
		d.mu.Unlock()
		if ok {
			return nil
		}
		if err != nil {
			return fmt.Errorf("atcmdtest: read: %w", err)
		}
		select {
		case <-ch:
		case <-deadline.C:
			return ErrTimeout
		}
	}
}

// Expect waits for exactly want as the next bytes from the device and
// consumes them. On a mismatch or timeout the error quotes what arrived.
func (d *DTE) Expect(want string) error {
	var got []byte
	err := d.wait(func(buf []byte) (int, bool) {
		got = append(got[:0], buf[:min(len(buf), len(want))]...)
		if !bytes.HasPrefix([]byte(want), got) {
			return 0, true
		}
		if len(buf) < len(want) {
			return 0, false
		}
		return len(want), true
	})
	if err != nil {
		return fmt.Errorf("atcmdtest: want %q, got %q: %w", want, got, err)
	}
	if string(got) != want {
		return fmt.Errorf("atcmdtest: want %q, got %q", want, d.peekAfter(got))
	}
	return nil
}

// peekAfter returns got followed by what else has arrived, for messages.
func (d *DTE) peekAfter(got []byte) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append(append([]byte{}, got...), d.buf[len(got):min(len(d.buf), len(got)+64)]...)
}

// ReadUntil consumes bytes up to and including the first occurrence of sub
// and returns them. Bytes before sub are kept only while needed, so a
// device writing megabytes does not grow the DTE's memory when ReadUntil
// is waiting; only the last max bytes are returned.
func (d *DTE) ReadUntil(sub string, max int) ([]byte, error) {
	var tail []byte
	err := d.wait(func(buf []byte) (int, bool) {
		if i := bytes.Index(buf, []byte(sub)); i >= 0 {
			tail = appendTail(tail, buf[:i+len(sub)], max)
			return i + len(sub), true
		}
		keep := min(len(buf), len(sub)-1)
		tail = appendTail(tail, buf[:len(buf)-keep], max)
		return len(buf) - keep, false
	})
	if err != nil {
		return tail, fmt.Errorf("atcmdtest: waiting for %q: %w", sub, err)
	}
	return tail, nil
}

func appendTail(tail, b []byte, max int) []byte {
	tail = append(tail, b...)
	if len(tail) > max {
		tail = tail[:copy(tail, tail[len(tail)-max:])]
	}
	return tail
}

// Pending returns a copy of the bytes received and not yet consumed.
func (d *DTE) Pending() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]byte{}, d.buf...)
}
