package emulator

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/air780emu/air780emu/atcmd"
)

// session is one ServeAT run: the engine over the port, the scheduler that
// emits URCs, and the handlers registered on the engine.
type session struct {
	d      *Device
	eng    *atcmd.Engine
	sched  *sched
	cancel context.CancelFunc
	done   chan struct{} // closed when ServeAT has returned
	booted chan struct{} // closed once power-on has scheduled the boot (tests)
	ws     *wsService    // AT+WS* clients and the LWIP_GP coupling (ws_session.go)
	uart   atomic.Bool   // the UART is alive (RDY printed): see gate.go
	// bearer is closed and replaced (under Device.mu) whenever a scheduler
	// step may have changed whether the cellular bearer is usable; see
	// waitBearer (bearer.go).
	bearer chan struct{}
}

// ServeAT powers the device on and runs the AT firmware on port until ctx is
// done, the port fails or Close is called; it returns the engine's error
// (ctx's when ctx ended). Power-on restores the AT&W profile and plays the
// boot sequence (at-commands.md §6.1) at Config.Boot's delays. When ServeAT
// returns the device is powered off. The caller owns port: the engine's
// reader goroutine ends when the caller closes it.
func (d *Device) ServeAT(ctx context.Context, port io.ReadWriter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &session{d: d, cancel: cancel, done: make(chan struct{}), booted: make(chan struct{}),
		bearer: make(chan struct{})}
	s.uart.Store(true)
	eng := atcmd.New(&gatedPort{ReadWriter: port, open: &s.uart, log: d.log},
		&atcmd.Options{URCBetween: d.cfg.URCBetween, Logger: d.log})
	s.eng = eng
	defer close(s.done)
	s.sched = newSched(eng, d.radioGen)
	if err := d.attach(s); err != nil {
		return err
	}
	s.register()
	s.ws = s.startWS(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := s.sched.loop(ctx); err != nil {
			d.log.Warn("emulator: URC scheduler stopped", "err", err)
			cancel()
		}
	})
	s.powerOn(1)
	close(s.booted)
	err := eng.Serve(ctx)
	cancel()
	eng.Close()
	wg.Wait()
	s.ws.shutdown()
	d.detachSession(s)
	return err
}

// attach makes s the device's running session.
func (d *Device) attach(s *session) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.closed:
		return ErrClosed
	case d.sess != nil:
		return ErrBusy
	}
	d.sess = s
	return nil
}

// detachSession powers the device off after its session ended.
func (d *Device) detachSession(s *session) {
	d.mu.Lock()
	if d.sess == s {
		d.sess = nil
	}
	d.m.cfun = 0
	d.m.radioOff()
	d.syncCellularLocked()
	d.mu.Unlock()
}

// stop ends the session and waits for ServeAT to return.
func (s *session) stop() {
	s.cancel()
	<-s.done
}

// radioGen returns the current radio generation.
func (d *Device) radioGen() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.m.gen
}

// emit queues urcs for emission now, in order, after any URC already due.
func (s *session) emit(urcs ...atcmd.URC) {
	if len(urcs) == 0 {
		return
	}
	s.sched.add(step{due: time.Now(), gen: -1, run: func() []atcmd.URC { return urcs }})
}

// at queues run for due, bound to radio generation gen.
func (s *session) at(due time.Time, gen int, run func() []atcmd.URC) {
	s.sched.add(step{due: due, gen: gen, run: run})
}

// urc makes URCs from lines.
func urc(lines ...string) []atcmd.URC {
	out := make([]atcmd.URC, 0, len(lines))
	for _, l := range lines {
		out = append(out, atcmd.URC{Line: l})
	}
	return out
}

// register installs every command handler on the engine.
func (s *session) register() {
	for name, h := range s.handlers() {
		s.eng.Handle(name, func(ctx context.Context, c *atcmd.Cmd) error {
			return toAT(h(ctx, c))
		})
	}
}

// handlers lists the commands this package answers, by canonical name. The
// engine's built-ins answer E, V, Q, +CMEE and S3–S5; anything else unknown
// answers ERROR, as the firmware does (at-commands.md §1.3).
func (s *session) handlers() map[string]atcmd.Handler {
	return map[string]atcmd.Handler{
		// ident.go
		"I": s.ati, "+VER": s.ati, "+CGMI": s.cgmi, "+CGMM": s.cgmm, "+CGMR": s.cgmr,
		"+CGSN": s.cgsn, "*I": s.starI, "^HVER": s.hver,
		// sim.go
		"+CIMI": s.cimi, "+CCID": s.ccid, "+ICCID": s.iccid, "+CPIN": s.cpin,
		// network.go
		"+CSQ": s.csq, "+CESQ": s.cesq, "+CREG": s.creg, "+CGREG": s.cgreg, "+CEREG": s.cereg,
		"+COPS": s.cops,
		// pdp.go
		"+CGATT": s.cgatt, "+CGDCONT": s.cgdcont, "+CGACT": s.cgact, "+CGPADDR": s.cgpaddr,
		// power.go
		"+CFUN": s.cfun, "+RESET": s.reset,
		// config.go
		"+IPR": s.ipr, "&W": s.andW, "&F": s.andF, "+CSDT": s.csdtCmd, "+CCLK": s.cclk,
	}
}
