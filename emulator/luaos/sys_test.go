package luaos

import (
	"testing"
	"time"
)

// TestSchedulerOrder checks §3.2 against one script: taskInit runs the task
// at once, publishes are delivered on the next dispatch (function
// subscribers and waitUntil), wait(<1) does not yield and logs
// "D/user.rtos.timer_start error", waitUntil returns (true, args) or false,
// and a due timer runs before a later timeout.
func TestSchedulerOrder(t *testing.T) {
	dir := writeProject(t, map[string]string{"main.lua": `
sys.subscribe("A", function(x) log.info("sub", "A", x) end)
sys.taskInit(function()
  log.info("task", "start")
  local ok, v = sys.waitUntil("B", 1000)
  log.info("task", "B", ok, v)
  sys.wait(0)
  log.info("task", "after wait0")
  local ok2 = sys.waitUntil("never", 40)
  log.info("task", "timeout", ok2)
  sys.publish("DONE")
end)
log.info("main", "after taskInit")
sys.publish("A", 1)
sys.publish("B", 2)
sys.timerStart(function(a) log.info("timer", a) end, 10, "t")
sys.subscribe("DONE", function() log.info("main", "done") end)
sys.run()
`})
	sink, stop := start(t, Options{Script: dir})
	sink.waitFor(t, "I/user.main done", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	equalLines(t, userLines(sink.lines(), "I/user.", "D/user.", "I/main"), []string{
		"I/main LuatOS@Air780E base 26.04 bsp V1104 32bit",
		"I/user.task start",
		"I/user.main after taskInit",
		"I/user.sub A 1",
		"I/user.task B true 2",
		"D/user.rtos.timer_start error",
		"I/user.task after wait0",
		"I/user.timer t",
		"I/user.task timeout false",
		"I/user.main done",
	})
}

// TestOneNativeEventPerTurn: publishes made by a native callback are
// dispatched before the next native event, even when both events are due
// together (§3.2: dispatch all, then ONE message), and timer callbacks run
// outside coroutines.
func TestOneNativeEventPerTurn(t *testing.T) {
	lines := runUntil(t, Options{}, `
sys.subscribe("P", function(who) log.info("sub", who) end)
local function cb(who)
  log.info("timer", who, coroutine.running() == nil)
  sys.publish("P", who)
end
sys.timerStart(cb, 30, "a")
sys.timerStart(cb, 30, "b")
sys.timerStart(log.info, 60, "end")
sys.run()
`, "I/user.end", "I/user.")
	equalLines(t, lines, []string{
		"I/user.timer a true",
		"I/user.sub a",
		"I/user.timer b true",
		"I/user.sub b",
		"I/user.end",
	})
}
