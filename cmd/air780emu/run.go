package main

import (
	"context"
	"io"
	"time"

	"github.com/air780emu/air780emu/emulator"
)

// device is what serve needs of an emulator.Device; tests substitute a
// small responder while exercising the ports.
type device interface {
	ServeAT(ctx context.Context, port io.ReadWriter) error
	Close() error
}

// echoServer is what serve needs of the built-in websocket echo server.
type echoServer interface {
	Addr() string
	Close() error
}

// app carries the process's outputs and the constructors serve uses.
type app struct {
	stdout, stderr io.Writer
	newDevice      func(emulator.Config) (device, error)
	startEcho      func(addr string) (echoServer, error)
	now            func() time.Time
}

// run is main without the process: it parses args, runs the command and
// returns an error whose kind selects the exit status (see exitCode).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return newApp(stdout, stderr).run(ctx, args)
}

// newApp returns an app wired to the real emulator and echo server.
func newApp(stdout, stderr io.Writer) *app {
	return &app{
		stdout: stdout, stderr: stderr,
		newDevice: func(c emulator.Config) (device, error) { return emulator.New(c) },
		startEcho: listenEcho,
		now:       time.Now,
	}
}

// run dispatches a subcommand or runs one module.
func (a *app) run(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "boards":
			return a.boards(args[1:])
		case "ports":
			return a.ports(args[1:])
		case "echo":
			return a.echo(ctx, args[1:])
		}
	}
	p, err := a.settings(args)
	if err != nil {
		return err
	}
	if p.s.Check {
		if err := checkLuaProject(p); err != nil {
			return err
		}
		return printEffective(a.stdout, p)
	}
	return a.serve(ctx, p)
}

// settings builds the validated plan from defaults, the -config file and
// the flags, in that order of precedence (lowest first).
func (a *app) settings(args []string) (*plan, error) {
	cli, given, err := parseArgs(defaults(), args, a.stdout)
	if err != nil {
		return nil, err
	}
	base := defaults()
	if cli.Config != "" {
		if base, err = loadConfig(cli.Config, base); err != nil {
			return nil, err
		}
	}
	s := overlay(base, cli, given)
	if !s.SeedSet {
		s.Seed = a.now().UnixNano() // printed by -check so a run can be repeated
	}
	return resolve(s)
}
