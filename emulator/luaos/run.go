package luaos

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/air780emu/air780emu/netif"
)

// ErrMaxBoots is returned by Run when Options.MaxBoots boots have ended.
var ErrMaxBoots = errors.New("luaos: boot limit reached")

// exitReason says why one boot of the VM ended.
type exitReason int

const (
	exitStopped  exitReason = iota // Run's context is done
	exitError                      // an error escaped the script
	exitReturned                   // main.lua returned (no sys.run)
	exitReboot                     // rtos.reboot, AT+RESET
)

// machine is what lives across reboots: the ports, the log, the bus.
type machine struct {
	opts    Options
	proj    *project
	out     *output
	queue   chan message
	net     *netif.Set
	ownNet  bool
	uart    *serialPort
	ports   map[int]*uartDev // by uart id: 1 main port, 32 USB
	repl    map[int]*replState
	dataDir string
	ownData bool
	gen     uint64   // boot counter, written by the boot loop only
	carry   *message // REPL input the last VM read ahead but did not run
}

// Run runs the LuatOS project opts.Script until ctx is done, rebooting the
// VM whenever the script dies (luatos-semantics.md §3.1). It returns nil
// when ctx ends it, ErrMaxBoots after Options.MaxBoots boots, or an error
// when the project cannot be found at all.
func Run(ctx context.Context, opts Options) error {
	o := opts.withDefaults()
	proj, err := loadProject(o.Script)
	if err != nil {
		return fmt.Errorf("luaos: %w", err)
	}
	rt, err := newRuntime(o, proj)
	if err != nil {
		return err
	}
	defer rt.close()
	stop := rt.startReaders(ctx)
	defer stop()
	restore := rt.unblockWrites(ctx)
	defer restore()
	if u, ok := rt.out.usb.(*usbWriter); ok {
		defer u.start(ctx)()
	}
	return rt.loop(ctx)
}

func newRuntime(o Options, proj *project) (*machine, error) {
	var usb io.Writer
	if o.USB != nil {
		usb = newUSBWriter(o.USB, o.Logger)
	}
	rt := &machine{
		opts:  o,
		proj:  proj,
		out:   newOutput(o.Stdout, usb, o.Logger),
		queue: make(chan message, o.QueueSize),
		net:   o.Env.Net,
		uart:  &serialPort{w: o.UART, logger: o.Logger},
	}
	if rt.net == nil {
		rt.net, rt.ownNet = netif.NewSet(nil), true
	}
	rt.dataDir = o.DataDir
	if rt.dataDir == "" {
		dir, err := os.MkdirTemp("", "luaos-data-")
		if err != nil {
			return nil, fmt.Errorf("luaos: data dir: %w", err)
		}
		rt.dataDir, rt.ownData = dir, true
	}
	rt.ports = map[int]*uartDev{uart1: newUARTDev(uart1), vuart0: newUARTDev(vuart0)}
	rt.repl = map[int]*replState{uart1: {}, vuart0: {}}
	return rt, nil
}

// close releases what the runtime owns.
func (rt *machine) close() {
	if rt.ownNet {
		_ = rt.net.Close()
	}
	if rt.ownData {
		_ = os.RemoveAll(rt.dataDir)
	}
}

// loop boots the VM again and again until ctx is done.
func (rt *machine) loop(ctx context.Context) error {
	for boots := 1; ; boots++ {
		reason := rt.boot(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if rt.opts.MaxBoots > 0 && boots >= rt.opts.MaxBoots {
			return ErrMaxBoots
		}
		if reason == exitReboot {
			continue
		}
		if err := sleep(ctx, rt.opts.RebootDelay); err != nil {
			return nil
		}
	}
}

// boot runs one life of the VM.
func (rt *machine) boot(ctx context.Context) exitReason {
	rt.gen++
	v, err := rt.newVM(ctx)
	defer v.close()
	p := rt.opts.Env.Board
	rt.out.clog('I', "main", fmt.Sprintf("LuatOS@%s base %s bsp %s 32bit", p.Name, luatVersion, p.LuatOSVersion))
	if err == nil {
		err = v.runMain()
	}
	switch {
	case ctx.Err() != nil:
		return exitStopped
	case v.rebootReq:
		return exitReboot
	}
	reason := exitReturned
	if err != nil {
		reason = exitError
		rt.out.clog('E', "main", "Luat: ")
		rt.out.clog('E', "main", err.Error())
	}
	rt.out.clog('E', "main", fmt.Sprintf("Lua VM exit!! reboot in %dms", rt.opts.RebootDelay.Milliseconds()))
	return reason
}

// luatVersion is LUAT_VERSION at the studied commit (§3.1: "26.04").
const luatVersion = "26.04"

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
