package luatlib_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	lua "github.com/yuin/gopher-lua"
)

func TestHardwareStandIns(t *testing.T) {
	rec := &luatlib.Recorder{}
	var lines []string
	env := &luatlib.Env{Model: "Air780E", HWVersion: "A11", Recorder: rec, Now: func() time.Time { return fixedNow },
		Logf: func(level byte, tag, msg string) { lines = append(lines, fmt.Sprintf("%c/%s %s", level, tag, msg)) }}
	L := newState(t, env)
	cases := []struct{ chunk, want string }{
		{`return hmeta.model(), hmeta.hwver()`, `Air780E A11`},
		{`led = gpio.setup(27, 0) return type(led), gpio.get(27)`, `function 0`},
		{`led(1) return gpio.get(27)`, `1`},
		{`gpio.set(27, 0) return gpio.get(27)`, `0`},
		{`gpio.toggle(27) return gpio.get(27)`, `1`},
		{`local key = gpio.setup(5, nil, gpio.PULLUP) return key(), gpio.get(5)`, `1 1`},
		{`local irq = gpio.setup(6, function() end) return irq()`, `0`},
		{`return pm.request(pm.IDLE), pm.power(1, true)`, `true true`},
		{`return wdt.init(9000), wdt.feed(), wdt.close()`, `true true true`},
		{`return pins.setup(16, "GPIO16")`, `true`},
		{`gpio.close(27) gpio.debounce(5, 100) gpio.setDefaultPull(1) return gpio.get(27), gpio.HIGH, gpio.PULLDOWN`, `0 1 2`},
	}
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
	wantLines := []string{
		"I/gpio setup pin 27 mode output level 0",
		"I/gpio set pin 27 level 0",
		"I/gpio toggle pin 27 level 1",
		"I/gpio setup pin 5 mode input",
		"I/gpio setup pin 6 mode irq",
		"I/pm request 0",
		"I/pm power 1 true",
		"I/wdt init 9000",
		"I/wdt close",
		"I/pins setup 16 GPIO16",
		"I/gpio close pin 27",
		"I/gpio debounce 5 100",
		"I/gpio setDefaultPull 1",
	}
	if strings.Join(lines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("log lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
	evs := rec.Events()
	if len(evs) != len(wantLines)+1 || evs[8].Func != "feed" || evs[len(evs)-1].Func != "setDefaultPull" || evs[0].Lib != "gpio" {
		t.Errorf("recorded %d events: %v", len(evs), evs)
	}
	if msg := evalErr(t, L, `gpio.setup(-1, 0)`); msg != "bad argument #1 to 'setup' (number has no integer representation)" {
		t.Errorf("bad pin: %q", msg)
	}
}

func TestRecorderBounded(t *testing.T) {
	r := &luatlib.Recorder{}
	for i := 0; i < 5000; i++ {
		r.Record(luatlib.HWEvent{Lib: "x", Func: fmt.Sprint(i)})
	}
	evs := r.Events()
	if len(evs) != 4096 || evs[0].Func != "904" || evs[4095].Func != "4999" {
		t.Fatalf("len %d first %v last %v", len(evs), evs[0], evs[len(evs)-1])
	}
}

// TestOpenEachNilEnv opens every library on its own with a nil Env and
// calls one function of each: nothing may panic.
func TestOpenEachNilEnv(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	for _, open := range []func(*lua.LState, *luatlib.Env){luatlib.OpenTostring, luatlib.OpenJSON, luatlib.OpenBit,
		luatlib.OpenString, luatlib.OpenOS, luatlib.OpenIO, luatlib.OpenZbuff, luatlib.OpenHmeta,
		luatlib.OpenGPIO, luatlib.OpenPM, luatlib.OpenWDT, luatlib.OpenPins} {
		open(L, nil)
	}
	got := eval(t, L, `gpio.setup(1, 1) return pm.request(1), wdt.init(1), pins.setup(1, "x"), hmeta.model(), io.exists("/x"), os.date("!%Y", 0), json.encode({1}), bit.bnot(0), zbuff.create(2):len()`)
	if got != "true true true  false 1970 [1] -1 2" {
		t.Fatalf("got %q", got)
	}
}
