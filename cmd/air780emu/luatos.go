package main

import (
	"context"
	"errors"
	"log/slog"
)

// errNoLuatOS is returned until the LuatOS runtime (emulator/luaos) is wired.
var errNoLuatOS = errors.New("luatos firmware: not available in this build")

// runLuatOS runs -firmware luatos: the script of p on the Lua runtime, with
// UART1 on the port (openPort(ctx, p), then newStream for -trace/-pace, and
// "AT port: ..." printed as for AT) and the REPL on the USB port
// (-usb-link). hosts already maps the echo host to the running built-in
// echo server. Not wired yet: it fails with errNoLuatOS (exit 1); -check
// still validates the settings.
func runLuatOS(ctx context.Context, p *plan, hosts map[string]string, log *slog.Logger) error {
	_, _, _, _ = ctx, p, hosts, log
	return errNoLuatOS
}
