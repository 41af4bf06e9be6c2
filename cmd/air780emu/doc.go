// Command air780emu runs one emulated Air780E-family 4G module and attaches
// it to a host.
//
// # Place in the data path
//
// This package is the outermost layer of DESIGN.md "Data path":
//
//	host ⇄ port (pty | serial | tcp) ⇄ [trace] ⇄ [pace] ⇄ emulator.Device ⇄ netif ⇄ network
//
// It parses the CLI contract (DESIGN.md "CLI contract": flags, -config YAML,
// subcommands boards, ports and echo), opens the port the host attaches to,
// wraps it in the optional decorators (a timestamped transcript and UART
// pacing), starts the built-in websocket echo server, builds an
// emulator.Device and serves AT on the port until SIGINT or SIGTERM.
//
// # Files
//
//   - main.go, run.go: main → run(ctx, args, stdout, stderr) and exit codes
//     (0 ok, 1 runtime failure, 2 usage or config error).
//   - settings.go, flags.go, config.go, merge.go, validate.go, check.go: the
//     settings, their flags, the YAML file, flags-over-file precedence,
//     validation and the -check report.
//   - serve.go, echo.go, luatos.go: wiring of the device and its services.
//   - port.go, port_pty.go, port_serial.go, port_tcp.go: the three ports.
//   - trace.go, pace.go: io.ReadWriter decorators.
//   - subcommands.go: boards, ports, echo.
//
// Ports follow reference/anchors.md §C.1/§C.3 and baselines.md §5: the PTY's
// slave is put in raw mode through SyscallConn (not Fd), one slave fd is kept
// open so the master never reads EIO when the host closes, and the master is
// re-wrapped non-blocking so Go's poller serves it.
package main
