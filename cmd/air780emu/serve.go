package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/air780emu/air780emu/emulator"
)

// shutdownDeadline bounds how long the device may take to stop after the
// port is closed on SIGINT/SIGTERM.
const shutdownDeadline = 5 * time.Second

// serve runs one module on its port until ctx is done (exit 0) or the port
// or device fails (exit 1).
func (a *app) serve(ctx context.Context, p *plan) error {
	log := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: p.level}))
	hosts := cloneHosts(p.s.Hosts)
	if _, ok := hosts[echoHost]; !ok {
		echo, err := a.startEcho("127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("built-in echo server: %w", err)
		}
		defer echo.Close()
		hosts[echoHost] = echo.Addr()
		log.Debug("built-in echo server", "addr", echo.Addr(), "host", echoHost)
	}
	if p.s.Firmware == "luatos" {
		return a.runLuatOS(ctx, p, hosts, log)
	}
	dev, err := a.newDevice(deviceConfig(p, hosts, log))
	if err != nil {
		return fmt.Errorf("device: %w", err)
	}
	defer dev.Close()
	return a.attach(ctx, p, dev, log)
}

// deviceConfig builds the emulator's Config from a plan.
func deviceConfig(p *plan, hosts map[string]string, log *slog.Logger) emulator.Config {
	return emulator.Config{
		Board: p.board, Seed: p.s.Seed, Net: p.net, Hosts: hosts,
		StatePath: p.s.State, Boot: p.boot, Quirks: p.quirks, Logger: log,
	}
}

// attach opens the port, announces it and serves AT on it.
func (a *app) attach(ctx context.Context, p *plan, dev device, log *slog.Logger) error {
	st, err := openStream(ctx, p, log)
	if err != nil {
		return err
	}
	defer st.finish()
	fmt.Fprintf(a.stdout, "AT port: %s\n", st.port.Addr())
	log.Info("ready", "version", version, "board", p.board.Name, "port", st.port.Addr(), "link", p.s.Link, "seed", p.s.Seed)
	err = serveUntilDone(ctx, dev, st)
	st.warnTrace(p, log)
	return err
}

// serveUntilDone runs dev on rw until ctx is done, then closes the stream
// (which unblocks the device's reads and writes) and waits for the device
// to stop, at most shutdownDeadline.
func serveUntilDone(ctx context.Context, dev device, st *stream) error {
	return runUntilDone(ctx, "serve AT", func(ctx context.Context) error { return dev.ServeAT(ctx, st) }, st)
}

// runUntilDone runs fn until ctx is done, then closes the ports (which
// unblocks fn's reads and writes) and waits at most shutdownDeadline for fn
// to return. An error of fn's own is reported as "<what>: <err>".
func runUntilDone(ctx context.Context, what string, fn func(context.Context) error, ports ...io.Closer) error {
	errc := make(chan error, 1)
	go func() { errc <- fn(ctx) }()
	select {
	case err := <-errc:
		if ctx.Err() != nil || err == nil {
			return nil
		}
		return fmt.Errorf("%s: %w", what, err)
	case <-ctx.Done():
	}
	for _, c := range ports {
		c.Close()
	}
	select {
	case <-errc:
		return nil
	case <-time.After(shutdownDeadline):
		return fmt.Errorf("shutdown: %s did not stop within %v", what, shutdownDeadline)
	}
}

// stream is the port with its decorators: port → trace → pace.
type stream struct {
	io.ReadWriter
	port   Port
	trace  *tracer
	pace   *pacer
	closed bool
}

// openStream opens the port a plan names and wraps it in its decorators.
func openStream(ctx context.Context, p *plan, log *slog.Logger) (*stream, error) {
	port, err := openPort(ctx, p, log)
	if err != nil {
		return nil, err
	}
	st, err := newStream(port, p)
	if err != nil {
		port.Close()
		return nil, err
	}
	return st, nil
}

// warnTrace logs a transcript that could not be written completely.
func (st *stream) warnTrace(p *plan, log *slog.Logger) {
	if err := st.traceErr(); err != nil {
		log.Warn("transcript incomplete", "file", p.s.Trace, "err", err)
	}
}

// newStream wraps port in the decorators p asks for.
func newStream(port Port, p *plan) (*stream, error) {
	st := &stream{ReadWriter: port, port: port}
	if p.s.Trace != "" {
		f, err := os.OpenFile(p.s.Trace, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return nil, fmt.Errorf("-trace: %w", err)
		}
		st.trace = newTracer(st.ReadWriter, f)
		st.ReadWriter = st.trace
	}
	if p.s.Pace {
		st.pace = newPacer(st.ReadWriter, p.s.Baud)
		st.ReadWriter = st.pace
	}
	return st, nil
}

// traceErr is the transcript's first write error, if any.
func (st *stream) traceErr() error {
	if st.trace == nil {
		return nil
	}
	return st.trace.Err()
}

// Close closes the pacer and the port, which unblocks the device. It is
// called from one goroutine (serve's), so a plain flag makes it idempotent.
func (st *stream) Close() error {
	if st.closed {
		return nil
	}
	st.closed = true
	var errs []error
	if st.pace != nil {
		errs = append(errs, st.pace.Close())
	}
	errs = append(errs, st.port.Close())
	return errors.Join(errs...)
}

// finish closes the stream and then the transcript, once the device has
// stopped (or been given up on), so the last lines are in the file.
func (st *stream) finish() error {
	err := st.Close()
	if st.trace != nil {
		err = errors.Join(err, st.trace.Close())
	}
	return err
}
