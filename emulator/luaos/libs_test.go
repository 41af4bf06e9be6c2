package luaos

import (
	"testing"
	"time"

	"github.com/air780emu/air780emu/boards"
)

// TestLogFormatAndLevels: the I/user.tag line, LuatOS number formatting,
// "(null)" tags, print's single-space join, setLevel filtering (numbers,
// names, anything else silent) and the three styles (§3.3).
func TestLogFormatAndLevels(t *testing.T) {
	lines := runUntil(t, Options{}, `
log.info("fmt", 1.0, 2.5, -3, nil, true, "s")
log.warn(12, "num tag")
log.error({}, "table tag")
log.info()
print("a", 1, nil)
log.setLevel("WARN")
log.info("hidden")
log.warn("lvl", log.getLevel())
log.setLevel(0)
log.error("hidden")
log.setLevel(log.LOG_DEBUG)
log.debug("lvl", log.getLevel())
log.info("style", log.style(1))
log.info("styled", "v")
log.style(2)
log.info("styled", "v")
log.style(0)
log.info("end")
sys.run()
`, "I/user.end", "I/", "D/", "W/", "E/", "a ")
	equalLines(t, lines, []string{
		"I/main LuatOS@Air780E base 26.04 bsp V1104 32bit",
		"I/user.fmt 1 2.5 -3 nil true s",
		"W/user.12 num tag",
		"E/user.(null) table tag",
		"a 1 nil",
		"W/user.lvl 3",
		"D/user.lvl 1",
		"I/main.lua:14 style 1",
		"I/main.lua:15 styled v",
		"I/user.styled main.lua:17 v",
		"I/user.end",
	})
}

// TestTimersAndTaskMessages: timerLoopStart repeats until timerStop,
// starting an identical timer replaces the first, timerIsActive, and
// sendMsg/waitMsg with a target, a callback for the others and a timeout.
func TestTimersAndTaskMessages(t *testing.T) {
	lines := runUntil(t, Options{}, `
local n = 0
local function tick(tag)
  n = n + 1
  log.info("tick", tag, n)
  if n == 3 then sys.timerStop(tick, "L"); sys.publish("TICKS") end
end
local id = sys.timerLoopStart(tick, 100, "L")
log.info("ids", id == 0x200000, sys.timerIsActive(id), sys.timerIsActive(tick, "L"), sys.timerIsActive(tick, "other"))
local function once(x) log.info("once", x) end
sys.timerStart(once, 400, "a")
local second = sys.timerStart(once, 10, "a")
sys.taskInitEx(function()
  local m = sys.waitMsg("worker", "GO")
  log.info("worker", m[1], m[2])
  log.info("worker", sys.waitMsg("worker", "NEVER", 150))
  sys.waitUntil("TICKS")
  log.info("worker", "active", sys.timerIsActive(id), n)
  sys.wait(450)
  log.info("end")
end, "worker", function(m) log.info("other", m[1], m[2]) end)
log.info("send", sys.sendMsg("worker", "NOISE", 1), sys.sendMsg("worker", "GO", 2), sys.sendMsg("nobody", "x"))
sys.run()
`, "I/user.end", "I/user.")
	equalLines(t, lines, []string{
		"I/user.ids true true true false",
		"I/user.send true true false",
		"I/user.other NOISE 1",
		"I/user.worker GO 2",
		"I/user.once a",
		"I/user.tick L 1",
		"I/user.worker nil",
		"I/user.tick L 2",
		"I/user.tick L 3",
		"I/user.worker active false 3",
		"I/user.end",
	})
}

// TestDeviceLibraries: rtos, mobile and socket values from the board, the
// identity and the interfaces (§3.5–§3.7).
func TestDeviceLibraries(t *testing.T) {
	board, _ := boards.Lookup("Air780EP")
	env := &Env{Board: board, Identity: boards.Identity{IMEI: "868327070000015", IMSI: "460011234567890", ICCID: "89860112345678901234"},
		CSQ: func() int { return 20 }}
	lines := runUntil(t, Options{Env: env}, `
log.info("rtos", rtos.bsp(), rtos.version(), rtos.firmware(), select("#", rtos.version(true)), rtos.meminfo())
log.info("mobile", mobile.imei(), mobile.imsi(), mobile.iccid(), mobile.csq(), mobile.rssi(), mobile.status())
log.info("socket", socket.LWIP_GP, socket.ETH0, socket.STA, socket.AP, socket.dft())
log.info("adapter", socket.adapter(socket.LWIP_GP))
log.info("adapter", socket.adapter(4))
log.info("ip", socket.localIP() ~= nil, select("#", socket.localIP()))
sys.subscribe("IP_READY", function(ip, a) log.info("ready", a) end)
log.info("dft", socket.dft(socket.ETH0))
sys.timerStart(log.info, 50, "end")
sys.run()
`, "I/user.end", "I/user.")
	equalLines(t, lines, []string{
		"I/user.rtos Air780EP V2001 LuatOS-SoC_V2001_EC718P 3 307200 65536 65536",
		"I/user.mobile 868327070000015 460011234567890 89860112345678901234 20 -73 1",
		"I/user.socket 1 17 2 3 1 17",
		"I/user.adapter true 1",
		"I/user.adapter false 4",
		"I/user.ip true 4",
		"I/user.dft 17 17",
		"I/user.ready 1",
		"I/user.ready 17",
		"I/user.end",
	})
}

// TestNetReadyDelay: IP_READY waits Options.NetReadyDelay, so a task that
// polls socket.adapter and waits IP_READY sees it after the delay.
func TestNetReadyDelay(t *testing.T) {
	start := time.Now()
	lines := runUntil(t, Options{NetReadyDelay: 150 * time.Millisecond}, `
sys.taskInit(function()
  local ok, ip, a = sys.waitUntil("IP_READY", 5000)
  log.info("net", ok, ip ~= nil, a)
  log.info("end")
end)
sys.run()
`, "I/user.end", "I/user.")
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("IP_READY after %v", d)
	}
	equalLines(t, lines, []string{"I/user.net true true 1", "I/user.end"})
}
