package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"go.bug.st/serial/enumerator"

	"github.com/air780emu/air780emu/boards"
)

// defaultEchoListen is where `air780emu echo` listens without -listen:
// loopback only, port 8081 (8080 is the most contended local port).
const defaultEchoListen = "127.0.0.1:8081"

// subFlags returns a FlagSet for a subcommand that reports errors as one line.
func subFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("air780emu "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseSub parses a subcommand's flags; -h prints its usage.
func (a *app) parseSub(fs *flag.FlagSet, args []string, synopsis string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprintln(a.stdout, "usage: "+synopsis)
			fs.SetOutput(a.stdout)
			fs.PrintDefaults()
			return errHelp
		}
		return usagef("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// boards prints the eight profiles, one per line.
func (a *app) boards(args []string) error {
	if err := a.parseSub(subFlags("boards"), args, "air780emu boards"); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "BOARD\tPLATFORM\tAT FIRMWARE\tLUATOS FIRMWARE\tLUA HEAP\tWS RECV MAX")
	for _, p := range boards.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d KiB\t%d\n", p.Name, p.Platform, p.ATFirmware,
			p.LuatOSFirmware(), p.LuaHeap/1024, p.WSRecvMax)
	}
	return tw.Flush()
}

// ports lists the real serial ports (go.bug.st/serial/enumerator), with USB
// metadata when present. PTYs are not listed (the enumerator skips them).
func (a *app) ports(args []string) error {
	if err := a.parseSub(subFlags("ports"), args, "air780emu ports"); err != nil {
		return err
	}
	list, err := enumerator.GetDetailedPortsList()
	if err != nil {
		return fmt.Errorf("list serial ports: %w", err)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stdout, "no serial ports found")
		return nil
	}
	for _, p := range list {
		fmt.Fprintln(a.stdout, describePort(p))
	}
	return nil
}

// describePort renders one port: its name, then USB VID:PID, serial number
// and product when it is a USB device.
func describePort(p *enumerator.PortDetails) string {
	if !p.IsUSB {
		return p.Name
	}
	parts := []string{p.Name, "usb " + p.VID + ":" + p.PID}
	if p.SerialNumber != "" {
		parts = append(parts, "serial "+p.SerialNumber)
	}
	if p.Product != "" {
		parts = append(parts, fmt.Sprintf("%q", p.Product))
	}
	return strings.Join(parts, "  ")
}

// echo runs the built-in echo server alone until ctx is done.
func (a *app) echo(ctx context.Context, args []string) error {
	fs := subFlags("echo")
	listen := fs.String("listen", defaultEchoListen, "listen `ADDR` (HOST:PORT)")
	check := fs.Bool("check", false, "validate the flags, print the effective settings, exit")
	if err := a.parseSub(fs, args, "air780emu echo [-listen ADDR] [-check]"); err != nil {
		return err
	}
	if err := checkListen(*listen); err != nil {
		return usagef("echo -listen %q: %v", *listen, err)
	}
	if *check {
		_, err := fmt.Fprintf(a.stdout, "listen: %s\n", *listen)
		return err
	}
	s, err := a.startEcho(*listen)
	if err != nil {
		return fmt.Errorf("echo server: %w", err)
	}
	defer s.Close()
	fmt.Fprintf(a.stdout, "echo server: ws://%s/ws/echo ws://%s/ws/echo2\n", s.Addr(), s.Addr())
	<-ctx.Done()
	return nil
}

// checkListen validates a HOST:PORT listen address (port 0 allowed).
func checkListen(addr string) error {
	if _, err := parsePortSpec("tcp://" + addr); err != nil {
		return fmt.Errorf("want HOST:PORT, e.g. %s", defaultEchoListen)
	}
	return nil
}
