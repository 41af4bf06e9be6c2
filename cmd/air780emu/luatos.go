package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/air780emu/air780emu/boards"
	"github.com/air780emu/air780emu/emulator/luaos"
	"github.com/air780emu/air780emu/netif"
)

// runLuatOS runs -firmware luatos: the script of p on the Lua runtime, with
// UART1 on the main port (trace and pace decorators as for AT) and the REPL
// and a copy of the log on the module's USB port, a second PTY (-usb-link).
// The log also goes to stdout (DESIGN.md "The Lua surface"). hosts already
// maps the echo host to the running built-in echo server.
func (a *app) runLuatOS(ctx context.Context, p *plan, hosts map[string]string, log *slog.Logger) error {
	set, err := newNetSet(p, hosts)
	if err != nil {
		return err
	}
	defer set.Close()
	st, err := openStream(ctx, p, log)
	if err != nil {
		return err
	}
	defer st.finish()
	usb, err := openPTY(p.s.USBLink)
	if err != nil {
		return fmt.Errorf("usb port: %w", err)
	}
	defer usb.Close()
	fmt.Fprintf(a.stdout, "AT port: %s\n", st.port.Addr())
	fmt.Fprintf(a.stdout, "USB port: %s\n", usb.Addr())
	log.Info("ready", "version", version, "board", p.board.Name, "firmware", "luatos",
		"script", p.s.Script, "port", st.port.Addr(), "usb", usb.Addr(), "seed", p.s.Seed)
	opts := luaos.Options{
		Script: p.s.Script,
		Env:    &luaos.Env{Board: p.board, Identity: boards.NewIdentity(p.board, p.s.Seed, 0), Net: set},
		UART:   st, USB: usb, Stdout: a.stdout, Quirks: p.quirks, Logger: log,
		RebootDelay: luaos.FirmwareRebootDelay,
	}
	err = runUntilDone(ctx, "luatos", func(ctx context.Context) error { return luaos.Run(ctx, opts) }, st, usb)
	st.warnTrace(p, log)
	return err
}

// newNetSet builds the interfaces the Lua runtime dials through, with the
// -net settings applied (the AT firmware's Device builds its own).
func newNetSet(p *plan, hosts map[string]string) (*netif.Set, error) {
	set := netif.NewSet(&netif.Options{Seed: p.s.Seed, Hosts: hosts})
	for name, cfg := range p.net {
		if err := set.Interface(name).Configure(cfg); err != nil {
			set.Close()
			return nil, fmt.Errorf("-net %s: %w", name, err)
		}
	}
	return set, nil
}

// checkLuaProject compiles every .lua file of a luatos project (-check), so
// Lua 5.3-only syntax is reported before boot as a usage error naming the
// file, the line and the operator. The AT firmware has nothing to check.
func checkLuaProject(p *plan) error {
	if p.s.Firmware != "luatos" {
		return nil
	}
	root := p.s.Script
	if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		root = filepath.Dir(root)
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return usagef("-script: %v", err)
		}
		if d.IsDir() || filepath.Ext(path) != ".lua" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return usagef("-script: %v", err)
		}
		if err := luaos.CheckSyntax(filepath.Base(path), src); err != nil {
			return usagef("-script %q: %v", p.s.Script, err)
		}
		return nil
	})
}
