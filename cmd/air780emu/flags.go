package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/air780emu/air780emu/boards"
)

// newFlagSet declares the flags of the main command on s. The flag names are
// DESIGN.md's CLI contract; tests outside the repo rely on them.
func newFlagSet(s *Settings) *flag.FlagSet {
	fs := flag.NewFlagSet("air780emu", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported as one line by parseArgs
	fs.StringVar(&s.Board, "board", s.Board, "board `NAME`: "+strings.Join(boards.Names(), ", ")+" (case-insensitive)")
	fs.StringVar(&s.Firmware, "firmware", s.Firmware, "firmware: at or luatos")
	fs.StringVar(&s.Script, "script", s.Script, "luatos: main.lua or a folder holding it (`PATH`)")
	fs.StringVar(&s.Port, "port", s.Port, "`SPEC`: pty, tcp://HOST:PORT (listen) or a device path such as /dev/ttyUSB0")
	fs.StringVar(&s.Link, "link", s.Link, "symlink `PATH` to the PTY slave, created when ready, removed on exit")
	fs.Var((*baudFlag)(&s.Baud), "baud", "real serial port speed `N` (also the -pace rate)")
	fs.Var((*netFlag)(&s.Net), "net", "interface settings `IFACE:k=v,...`, repeatable")
	fs.Var((*hostsFlag)(&s.Hosts), "hosts", "DNS override `NAME=HOST:PORT`, repeatable")
	fs.StringVar(&s.Control, "control", s.Control, "HTTP control API listen `ADDR` (not implemented yet)")
	fs.Var(&seedFlag{s}, "seed", "seed `N` of every random choice (default: time-based)")
	fs.StringVar(&s.Config, "config", s.Config, "YAML `FILE` with the same fields as the flags")
	fs.StringVar(&s.USBLink, "usb-link", s.USBLink, "luatos: symlink `PATH` to the USB port's PTY")
	fs.StringVar(&s.Trace, "trace", s.Trace, "timestamped transcript `FILE` of both directions")
	fs.BoolVar(&s.Check, "check", s.Check, "validate flags and config, print the effective settings, exit")
	fs.StringVar(&s.State, "state", s.State, "`FILE` where AT&W persists the settings profile")
	fs.BoolVar(&s.Pace, "pace", s.Pace, "pace output to the host at -baud (baud/10 bytes per second)")
	fs.StringVar(&s.Quirks, "quirks", s.Quirks, "websocket behaviour: spec or firmware")
	fs.StringVar(&s.Boot, "boot", s.Boot, "boot URC timing: realistic or none")
	fs.StringVar(&s.LogLevel, "log-level", s.LogLevel, "stderr log level: debug, info, warn or error")
	return fs
}

// parseArgs parses the main command's flags into a copy of base and reports
// which flags were given. Errors are usageErrors of one line.
func parseArgs(base Settings, args []string, stdout io.Writer) (Settings, map[string]bool, error) {
	s := base
	s.Hosts = map[string]string{}
	fs := newFlagSet(&s)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(fs, stdout)
			return s, nil, errHelp
		}
		return s, nil, usagef("%v (run air780emu -h for the flags)", err)
	}
	if fs.NArg() > 0 {
		return s, nil, usagef("unexpected argument %q (subcommands: boards, ports, echo; flags start with -)", fs.Arg(0))
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	return s, given, nil
}

// printUsage writes the synopsis and the flag list.
func printUsage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "air780emu %s: an emulated Air780E-family 4G module\n", version)
	fmt.Fprintln(w, "usage: air780emu [flags]            run one module until SIGINT/SIGTERM")
	fmt.Fprintln(w, "       air780emu boards | ports | echo [-listen ADDR]")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// baudFlag is -baud: a positive integer within what UARTs use.
type baudFlag int

func (b *baudFlag) String() string { return strconv.Itoa(int(*b)) }
func (b *baudFlag) Set(v string) error {
	n, err := parseBaud(v)
	*b = baudFlag(n)
	return err
}

// Baud limits: 300 is the slowest standard rate; 4000000 the fastest Linux
// termios rate (B4000000). The Air780E itself tops out at 921600
// (at-commands.md §1.1), but a USB-UART on the host side may differ.
const minBaud, maxBaud = 300, 4000000

// parseBaud parses a baud rate.
func parseBaud(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < minBaud || n > maxBaud {
		return 0, fmt.Errorf("want an integer from %d to %d, e.g. 115200", minBaud, maxBaud)
	}
	return n, nil
}

// seedFlag is -seed: any int64; records that it was given.
type seedFlag struct{ s *Settings }

func (f *seedFlag) String() string {
	if f.s == nil || !f.s.SeedSet {
		return ""
	}
	return strconv.FormatInt(f.s.Seed, 10)
}

func (f *seedFlag) Set(v string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return errors.New("want a 64-bit integer")
	}
	f.s.Seed, f.s.SeedSet = n, true
	return nil
}

// netFlag is -net: repeatable, kept in order; validated by validate.
type netFlag []string

func (n *netFlag) String() string { return strings.Join(*n, " ") }
func (n *netFlag) Set(v string) error {
	*n = append(*n, v)
	return nil
}

// hostsFlag is -hosts NAME=HOST:PORT, repeatable; a later NAME wins.
type hostsFlag map[string]string

func (h *hostsFlag) String() string {
	if h == nil {
		return ""
	}
	return formatHosts(*h)
}

func (h *hostsFlag) Set(v string) error {
	name, addr, ok := strings.Cut(v, "=")
	if !ok {
		return errors.New("want NAME=HOST:PORT, e.g. echo.airtun.air32.cn=127.0.0.1:8081")
	}
	name, err := checkHost(name, addr)
	if err != nil {
		return err
	}
	(*h)[name] = addr
	return nil
}
