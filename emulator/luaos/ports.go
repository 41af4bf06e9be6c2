package luaos

import (
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"time"
)

// deadliner is a port whose blocked Read can be interrupted.
type deadliner interface{ SetReadDeadline(time.Time) error }

// writeDeadliner is a port whose blocked Write can be interrupted.
type writeDeadliner interface{ SetWriteDeadline(time.Time) error }

// attachedPorts lists the ports Run was given, by uart id.
func (rt *machine) attachedPorts() map[int]io.ReadWriter {
	ports := map[int]io.ReadWriter{}
	if rt.opts.UART != nil {
		ports[uart1] = rt.opts.UART
	}
	if rt.opts.USB != nil {
		ports[vuart0] = rt.opts.USB
	}
	return ports
}

// unblockWrites makes writes to the ports fail once ctx is done, so a VM
// stuck writing to a host that stopped reading (backpressure) lets Run
// return; the returned func clears the deadlines again.
func (rt *machine) unblockWrites(ctx context.Context) (restore func()) {
	ports := rt.attachedPorts()
	stop := context.AfterFunc(ctx, func() {
		for _, p := range ports {
			if w, ok := p.(writeDeadliner); ok {
				_ = w.SetWriteDeadline(time.Now())
			}
		}
	})
	return func() {
		if !stop() { // the deadlines were set
			for _, p := range ports {
				if w, ok := p.(writeDeadliner); ok {
					_ = w.SetWriteDeadline(time.Time{})
				}
			}
		}
	}
}

// startReaders starts one reader goroutine per attached port. The returned
// stop ends them: through SetReadDeadline when every port supports it
// (then it waits for them and clears the deadlines); otherwise a reader
// exits at its port's next Read return (the caller closes the port).
func (rt *machine) startReaders(ctx context.Context) (stop func()) {
	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	ports := rt.attachedPorts()
	interruptible := true
	for id, p := range ports {
		if _, ok := p.(deadliner); !ok {
			interruptible = false
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			rt.read(rctx, id, p)
		}()
	}
	return func() {
		cancel()
		if !interruptible {
			return // the readers are left to the port's owner
		}
		for _, p := range ports {
			_ = p.(deadliner).SetReadDeadline(time.Now())
		}
		wg.Wait()
		for _, p := range ports {
			_ = p.(deadliner).SetReadDeadline(time.Time{})
		}
	}
}

// read is one port's reader: it routes input to the script's uart buffer
// when the port is claimed, else to the REPL.
func (rt *machine) read(ctx context.Context, id int, r io.Reader) {
	buf := make([]byte, 512)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			data := append([]byte(nil), buf[:n]...)
			if rt.input(ctx, id, data) != nil {
				return
			}
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) {
				continue
			}
			rt.opts.Logger.Debug("luaos: port read ended", "port", id, "err", err)
			return
		}
	}
}

// input routes bytes from port id.
func (rt *machine) input(ctx context.Context, id int, data []byte) error {
	d := rt.ports[id]
	if d.isClaimed() {
		return d.push(ctx, rt, data)
	}
	return rt.post(ctx, 0, func(v *vm) { v.replInput(id, data) })
}
