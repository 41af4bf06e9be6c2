package luaos

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// ptyPair opens a real PTY: the emulator's end (the master, as cmd/ gives
// Run) and the host's end (the slave, raw mode). Both are non-blocking
// duplicates so Go's poller serves them and deadlines work (DESIGN.md:
// pty.Open leaves the master blocking).
func ptyPair(t *testing.T) (dev, host *os.File) {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	if _, err := term.MakeRaw(int(s.Fd())); err != nil {
		t.Fatal(err)
	}
	dev, host = pollable(t, m), pollable(t, s)
	return dev, host
}

// pollable returns a non-blocking duplicate of f and closes f.
func pollable(t *testing.T, f *os.File) *os.File {
	t.Helper()
	fd, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	if err := syscall.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	nf := os.NewFile(uintptr(fd), f.Name())
	t.Cleanup(func() { _ = nf.Close() })
	return nf
}

// hostReader accumulates what the host reads from its end.
type hostReader struct {
	f   *os.File
	got bytes.Buffer
}

// expect reads until the accumulated bytes end with want (exact), failing
// after d; it then clears the buffer.
func (h *hostReader) expect(t *testing.T, want string, d time.Duration) {
	t.Helper()
	if got := h.readUntil(t, want, d); got != want {
		t.Fatalf("host read %q, want exactly %q", got, want)
	}
}

// readUntil reads until the accumulated bytes end with suffix and returns
// them, clearing the buffer.
func (h *hostReader) readUntil(t *testing.T, want string, d time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(d)
	buf := make([]byte, 256)
	for !strings.HasSuffix(h.got.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("host read %q, want it to end with %q", h.got.String(), want)
		}
		_ = h.f.SetReadDeadline(deadline)
		n, err := h.f.Read(buf)
		h.got.Write(buf[:n])
		if err != nil && n == 0 && time.Now().Before(deadline) {
			t.Fatalf("host read: %v (got %q)", err, h.got.String())
		}
	}
	got := h.got.String()
	h.got.Reset()
	return got
}

func (h *hostReader) send(t *testing.T, s string) {
	t.Helper()
	if _, err := h.f.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

// TestREPLOverUSBPTY drives the REPL and the shell conventions on the USB
// port through a real PTY: a line, a block, an error, the small AT set and
// loadstr, each answered with exact bytes and nothing else echoed; the log
// (print output) reaches the USB port too.
func TestREPLOverUSBPTY(t *testing.T) {
	dev, hostEnd := ptyPair(t)
	dir := writeProject(t, map[string]string{"main.lua": "sys.run()\n"})
	_, stop := start(t, Options{Script: dir, USB: dev})
	h := &hostReader{f: hostEnd}
	h.expect(t, "I/main LuatOS@Air780E base 26.04 bsp V1104 32bit\r\n", 5*time.Second)
	steps := []struct{ in, out string }{
		{"print('hi', 1.0, 2.5)\r\n", "hi 1 2.5\r\n"},
		{"<<EOF\r\n_G.x = 2\r\nprint(x * 21)\r\nEOF\r\n", "42\r\n"},
		{"nosuch()\r\n", "[string \"repl\"]:1: attempt to call a non-function object\r\n"},
		{"local a = 7 // 2\n", "repl:1: Lua 5.3 operator '//' is not supported by this emulator (gopher-lua is Lua 5.1)\r\n"},
		{"AT\r", "OK\r\n"},
		{"ATI\r\n", "LuatOS-SoC_V1104_EC618\r\n"},
		{"AT+NOPE\r\n", "ERR\r\n"},
		{"loadstr print(7)\r\n", "7\r\n"},
		{"ATE1\r\n", "OK\r\n"},
		{"print(8)\r\n", "print(8)\r\n8\r\n"},
		{"ATE0\r\n", "ATE0\r\nOK\r\n"},
	}
	for _, s := range steps {
		h.send(t, s.in)
		h.expect(t, s.out, 5*time.Second)
	}
	// sys.wait in a REPL chunk (main loop, no coroutine): the firmware's
	// error, with its traceback, then the loop goes on.
	h.send(t, "sys.wait(10)\r\n")
	got := h.readUntil(t, "\r\n", 5*time.Second)
	if !strings.HasPrefix(got, `[string "sys.lua"]:`) || !strings.Contains(got, ": attempt to yield from outside a coroutine\nstack traceback:") {
		t.Fatalf("sys.wait in the REPL gave %q", got)
	}
	h.send(t, "AT\r\n")
	h.expect(t, "OK\r\n", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestREPLOnMainPortUntilClaimed: with no uart.setup, the main port serves
// the REPL and shell (errors and AT answers come back on it).
func TestREPLOnMainPortUntilClaimed(t *testing.T) {
	dev, hostEnd := ptyPair(t)
	dir := writeProject(t, map[string]string{"main.lua": "sys.run()\n"})
	_, stop := start(t, Options{Script: dir, UART: dev})
	h := &hostReader{f: hostEnd}
	h.send(t, "AT\r\n")
	h.expect(t, "OK\r\n", 5*time.Second)
	h.send(t, "error('x')\r\n")
	h.expect(t, "[string \"repl\"]:1: x\r\n", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestUARTBridgePTY: a host writes to the PTY, the script's uart.on
// receive callback reads and echoes back, and "sent" follows each write.
func TestUARTBridgePTY(t *testing.T) {
	dev, hostEnd := ptyPair(t)
	dir := writeProject(t, map[string]string{"main.lua": `
uart.setup(1, 115200, 8, 1)
uart.on(1, "receive", function(id, len)
  local s = uart.read(id, len)
  log.info("uart", "rx", id, #s)
  uart.write(1, "<" .. s .. ">")
end)
uart.on(1, "sent", function(id) log.info("uart", "sent", id) end)
log.info("uart", "claimed")
sys.run()
`})
	sink, stop := start(t, Options{Script: dir, UART: dev})
	sink.waitFor(t, "I/user.uart claimed", 5*time.Second)
	h := &hostReader{f: hostEnd}
	h.send(t, "hello")
	h.expect(t, "<hello>", 5*time.Second)
	h.send(t, "AT\r\n") // claimed: not the shell's any more
	h.expect(t, "<AT\r\n>", 5*time.Second)
	sink.waitFor(t, "I/user.uart sent 1", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestFixtureUARTBridge runs fixtures/lua/ws_uart_bridge unmodified: a host
// writes to the PTY, the script sends it over the websocket to the echo
// server and writes the echo back to the PTY with CRLF.
func TestFixtureUARTBridge(t *testing.T) {
	dev, hostEnd := ptyPair(t)
	env, _ := echoEnv(t)
	sink, stop := start(t, Options{Script: filepath.Join("..", "..", "fixtures", "lua", "ws_uart_bridge"), Env: env, UART: dev})
	sink.waitFor(t, "I/user.ws connected", 5*time.Second)
	h := &hostReader{f: hostEnd}
	h.send(t, "hello bridge")
	h.expect(t, "hello bridge\r\n", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"I/user.main WS_UART_BRIDGE 001.000.000",
		"I/user.netdrv_4g IP_READY true",
		"I/user.uart to server 68656C6C6F20627269646765 24",
		"I/user.ws recv 1 1",
	} {
		if !strings.Contains(sink.String(), want) {
			t.Fatalf("log lacks %q:\n%s", want, sink.String())
		}
	}
}
