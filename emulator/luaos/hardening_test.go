package luaos

import (
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/netif"
)

// TestShellResetAndCGSN: AT+CGSN answers the id, AT+RESET answers OK and
// reboots the VM (a second boot line, no exit line).
func TestShellResetAndCGSN(t *testing.T) {
	dev, hostEnd := ptyPair(t)
	env, _ := echoEnv(t)
	dir := writeProject(t, map[string]string{"main.lua": "sys.run()\n"})
	sink, stop := start(t, Options{Script: dir, UART: dev, Env: env})
	h := &hostReader{f: hostEnd}
	h.send(t, "AT+CGSN\r\n")
	h.expect(t, "+CGSN="+hexOf(env.Identity.IMEI)+"\r\n", 5*time.Second)
	h.send(t, "AT+RESET\r\n")
	h.expect(t, "OK\r\n", 5*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(sink.String(), "I/main LuatOS@") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("no reboot:\n%s", sink.String())
		}
		sink.waitFor(t, "I/main", time.Second)
	}
	h.send(t, "AT\r\n") // the REPL is served again after the reboot
	h.expect(t, "OK\r\n", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sink.String(), "VM exit") {
		t.Fatalf("AT+RESET printed the exit line:\n%s", sink.String())
	}
}

func hexOf(s string) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, digits[s[i]>>4], digits[s[i]&15])
	}
	return string(out)
}

// TestIPReadyFollowsInterface: with LWIP_GP down at boot no IP_READY is
// published and socket.adapter is false; bringing it up publishes
// IP_READY(ip, 1) (§3.5).
func TestIPReadyFollowsInterface(t *testing.T) {
	env, _ := echoEnv(t)
	gp := env.Net.Interface(netif.LWIPGP)
	gp.SetUp(false)
	opts := Options{Env: env, Script: writeProject(t, map[string]string{"main.lua": `
sys.taskInit(function()
  log.info("net", "adapter", socket.adapter(socket.dft()))
  local ok = sys.waitUntil("IP_READY", 100)
  log.info("net", "early", ok, mobile.status())
  sys.publish("WAITING")
  local ok2, ip, a = sys.waitUntil("IP_READY", 10000)
  log.info("net", "ready", ok2, a, socket.adapter(socket.dft()), mobile.status())
end)
sys.run()
`})}
	sink, stop := start(t, opts)
	sink.waitFor(t, "I/user.net early false 2", 5*time.Second)
	gp.SetUp(true)
	sink.waitFor(t, "I/user.net ready true 1 true 1", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	equalLines(t, userLines(sink.lines(), "I/user."), []string{
		"I/user.net adapter false 1",
		"I/user.net early false 2",
		"I/user.net ready true 1 true 1",
	})
}

// TestUARTBackpressure: for 300 ms the script does not read, so the
// host's 3000 bytes wait in the port (the 16-byte buffer is full, the
// reader blocks); then it reads, and every byte arrives in order: nothing
// is dropped.
func TestUARTBackpressure(t *testing.T) {
	dev, hostEnd := ptyPair(t)
	dir := writeProject(t, map[string]string{"main.lua": `
uart.setup(1, 115200, 8, 1, uart.None, uart.LSB, 16)
log.info("uart", "claimed")
sys.taskInit(function()
  sys.wait(300)
  local total = 0
  while total < 3000 do
    local s = uart.read(1, 7)
    total = total + #s
    if #s == 0 then sys.wait(5) else uart.write(1, s) end
  end
  log.info("uart", "got", total)
end)
sys.run()
`})
	sink, stop := start(t, Options{Script: dir, UART: dev})
	sink.waitFor(t, "I/user.uart claimed", 5*time.Second)
	var want strings.Builder
	for i := 0; i < 3000; i++ {
		want.WriteByte(byte('a' + i%26))
	}
	h := &hostReader{f: hostEnd}
	h.send(t, want.String())
	h.expect(t, want.String(), 10*time.Second)
	sink.waitFor(t, "I/user.uart got 3000", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestUSBHostNotReading: a USB port whose host never reads does not stall
// the VM (its log copy is dropped and counted, stdout keeps everything);
// once the host reads, it is told how many writes were dropped.
func TestUSBHostNotReading(t *testing.T) {
	dev, hostEnd := ptyPair(t)
	dir := writeProject(t, map[string]string{"main.lua": `
for i = 1, 3000 do log.info("spam", i, string.rep("x", 80)) end
log.info("spam", "done")
sys.subscribe("LATE", function() log.info("late") end)
sys.timerLoopStart(sys.publish, 200, "LATE")
sys.run()
`})
	sink, stop := start(t, Options{Script: dir, USB: dev})
	sink.waitFor(t, "I/user.spam done", 10*time.Second)
	if n := strings.Count(sink.String(), "I/user.spam "); n != 3001 {
		t.Fatalf("stdout has %d spam lines, want 3001", n)
	}
	h := &hostReader{f: hostEnd}
	got := h.readUntil(t, "I/user.late\r\n", 10*time.Second)
	if !strings.Contains(got, " writes to this port were dropped: its host was not reading\r\n") {
		t.Fatalf("no drop notice in %d bytes read", len(got))
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
