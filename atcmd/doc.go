// Package atcmd is the V.250 / 3GPP 27.007 command interpreter of the
// emulated module: the part of the firmware that turns bytes from the host's
// serial line into commands and the answers back into framed bytes.
//
// # Place in the data path
//
//	host ⇄ port (pty | serial | tcp) ⇄ atcmd.Engine ⇄ emulator handlers ⇄ services
//
// The engine serves any io.ReadWriter; opening a PTY, a real port or a TCP
// listener belongs to cmd/. One goroutine (the one running [Engine.Serve])
// owns the stream: it assembles command lines (S3 terminator, S5 backspace,
// echo per ATE), parses them ("AT" prefix, basic and extended syntax, "?",
// "=?", "=", ";" chains, quoted strings), dispatches each command to the
// [Handler] registered for its canonical name, frames the handler's info
// lines and the final result per ATV/ATQ/AT+CMEE, runs data mode for
// commands that need it ([Cmd.Data]: "> " prompt, then N bytes or data ended
// by Ctrl-Z, ESC aborting) and writes unsolicited result codes queued by
// [Engine.Emit] at line boundaries only, in order.
//
// A dedicated reader goroutine calls rw.Read and hands chunks to Serve, so
// that Serve can return on ctx or [Engine.Close] even while a Read is
// blocked. That reader exits when rw.Read returns; the engine never closes
// rw (its owner does), so callers close rw after Serve returns.
//
// # Rules the engine keeps
//
//   - Echo is on at boot (§1.3); echoed bytes are flushed before a handler
//     runs and before the engine waits for input.
//   - A line not containing "AT" is ignored silently (logged at debug); a
//     line longer than Options.MaxLine is discarded to its terminator and
//     answered ERROR once. NUL, Ctrl-Z, ESC and other control bytes outside
//     data mode are dropped. Memory per engine is bounded: MaxLine of line,
//     two 16 KiB read buffers, an output buffer flushed once it holds 16 KiB
//     (one append may carry it past that: a URC's Data, a Cmd.Raw), MaxData
//     in data mode and Options.URCQueue bytes of URCs queued by other
//     goroutines (engine code's own Emit calls never block, so they can
//     exceed it).
//   - URCs ([Engine.Emit]) and raw output ([Engine.EmitRaw]) are written in
//     order at line boundaries: after a command line's final result, or
//     when no line is being typed, or once a partly typed line has been
//     idle for Options.URCIdle. Never inside a response (unless
//     Options.URCBetween asks for it), never in data mode.
//   - Transparent mode ([Engine.EnterTransparent], AT+CIPMODE=1) hands host
//     bytes to the emulator until "+++" framed by guard times.
//
// # Usage
//
//	e := atcmd.New(port, nil)
//	e.Handle("+CSQ", func(ctx context.Context, c *atcmd.Cmd) error {
//		c.Info("+CSQ: 24,0")
//		return nil // OK; atcmd.CME(10) → "+CME ERROR: 10"
//	})
//	go e.Serve(ctx)
//	e.Emit(ctx, atcmd.URC{Line: "RDY"})
//
// Package atcmdtest has a scripted DTE (Send, Expect exact bytes) and a
// harness that serves an engine over net.Pipe in tests.
//
// # Formats
//
// Byte formats follow reference/at-commands.md (cited as §n in comments).
// Where the reference gives no source, the code says "inferred" and names the
// standard it follows (usually ITU-T V.250).
package atcmd
