package luaos

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// usbQueue bounds the writes waiting for the USB port.
const usbQueue = 256

// usbWriter owns the writes to the USB port: the log copy and the REPL's
// answers go through one goroutine, in order, and the VM never waits for
// the port. A device's USB log channel with no host attached discards its
// data; likewise, when the host does not read and usbQueue writes are
// waiting, further writes are dropped and counted, and the host is told
// with a line before the next write that gets through (stdout keeps the
// full log).
type usbWriter struct {
	w       io.Writer
	ch      chan []byte
	dropped atomic.Int64
	logger  *slog.Logger
	wg      sync.WaitGroup
}

func newUSBWriter(w io.Writer, logger *slog.Logger) *usbWriter {
	return &usbWriter{w: w, ch: make(chan []byte, usbQueue), logger: logger}
}

// Write queues b (copied) without blocking; it never fails.
func (u *usbWriter) Write(b []byte) (int, error) {
	select {
	case u.ch <- append([]byte(nil), b...):
	default:
		if u.dropped.Add(1) == 1 {
			u.logger.Warn("luaos: USB port not read by its host; dropping its log copy")
		}
	}
	return len(b), nil
}

// start runs the writer until stop. stop ends it: a write blocked on a
// host that does not read is interrupted through SetWriteDeadline when the
// port supports it (then stop waits and clears the deadline); otherwise
// the goroutine is left to finish that write.
func (u *usbWriter) start(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		for {
			select {
			case b := <-u.ch:
				u.write(b)
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() {
		cancel()
		wd, ok := u.w.(writeDeadliner)
		if !ok || wd.SetWriteDeadline(time1970) != nil {
			return
		}
		u.wg.Wait()
		_ = wd.SetWriteDeadline(time.Time{})
	}
}

// time1970 is a deadline long past.
var time1970 = time.Unix(1, 0)

// write writes b, preceded by the drop notice if writes were dropped.
func (u *usbWriter) write(b []byte) {
	if n := u.dropped.Swap(0); n > 0 {
		note := fmt.Sprintf("W/luaos %d writes to this port were dropped: its host was not reading\r\n", n)
		if _, err := io.WriteString(u.w, note); err != nil {
			u.logger.Debug("luaos: usb write", "err", err)
		}
	}
	if _, err := u.w.Write(b); err != nil {
		u.logger.Debug("luaos: usb write", "err", err)
	}
}
