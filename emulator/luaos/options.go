package luaos

import (
	"io"
	"log/slog"
	"time"

	"github.com/air780emu/air780emu/boards"
	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
)

// FirmwareRebootDelay is the firmware's delay between "Lua VM exit!!" and
// the reboot (luatos-semantics.md §3.1: 15000 ms; 1000 ms on the PC
// simulator). Options.RebootDelay zero means no delay (tests), so cmd/ sets
// this explicitly.
const FirmwareRebootDelay = 15 * time.Second

// Env is what the runtime needs to know about the device it runs on: the
// board, the identity, the interfaces and the modem model. It is a small
// struct of its own so that emulator/ can build it without luaos importing
// emulator.
type Env struct {
	// Board is the profile (rtos.bsp, rtos.version, websocket RecvMax).
	Board boards.Profile
	// Identity holds IMEI, IMSI and ICCID (mobile.imei and friends).
	Identity boards.Identity
	// Net holds the interfaces; nil means a fresh netif.NewSet(nil) that Run
	// owns and closes.
	Net *netif.Set
	// CSQ returns the signal quality 0..31 (99 unknown); nil means 25
	// (inferred: a good-signal default, as the AT side's model starts).
	CSQ func() int
	// Status returns mobile.status() (§3.6: 1 registered, 2 searching...);
	// nil derives it from LWIP_GP: up 1, down 2 (inferred).
	Status func() int
}

// Options configures Run.
type Options struct {
	// Script is main.lua or the folder holding it. Every .lua file under
	// the folder is reachable by require through its basename.
	Script string
	// Env describes the device; nil means the default board with a
	// seed-0 identity and its own interfaces.
	Env *Env
	// UART is the host's serial port, the script's UART1. While no script
	// has claimed UART1 with uart.setup, the REPL and the shell are served
	// on it. Nil means not attached.
	UART io.ReadWriter
	// USB is the module's USB port: the REPL and shell, and a copy of the
	// log. Nil means not attached.
	USB io.ReadWriter
	// Stdout receives the log (print, log.*, the C-side lines). Nil
	// discards it.
	Stdout io.Writer
	// Quirks selects the websocket behaviour (spec or firmware).
	Quirks wsclient.Quirks
	// Logger receives the emulator's own diagnostics; nil discards them.
	Logger *slog.Logger
	// RebootDelay is the pause after "Lua VM exit!!" (zero: none; the
	// firmware's is FirmwareRebootDelay).
	RebootDelay time.Duration
	// NetReadyDelay is how long after boot the default interface's
	// IP_READY is published, standing in for registration and PDP
	// activation (zero: on the first loop turn).
	NetReadyDelay time.Duration
	// MaxBoots stops Run after that many boots (zero: unlimited), with
	// ErrMaxBoots; it keeps a test of a crashing script finite.
	MaxBoots int
	// DataDir is the writable file system root for io/os; empty means a
	// temporary folder that Run removes when it returns.
	DataDir string
	// QueueSize bounds the VM's message queue (default 64).
	QueueSize int
}

// withDefaults returns a copy of o with the defaults filled in.
func (o Options) withDefaults() Options {
	if o.QueueSize <= 0 {
		o.QueueSize = 64
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	var env Env
	if o.Env != nil {
		env = *o.Env
	}
	if env.Board.Name == "" {
		env.Board, _ = boards.Lookup(boards.Default)
	}
	if env.Identity.IMEI == "" {
		env.Identity = boards.NewIdentity(env.Board, 0, 0)
	}
	o.Env = &env
	return o
}
