package luatlib_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
)

const allC89 = "%a|%A|%b|%B|%c|%d|%H|%I|%j|%m|%M|%p|%S|%U|%w|%W|%x|%X|%y|%Y|%Z|%%"

// TestOSDateDifferential compares every C89 specifier with lua5.3's
// os.date("!…", t) (glibc strftime in the C locale) over dates that cover
// week numbering edges, AM/PM and leap years.
func TestOSDateDifferential(t *testing.T) {
	times := []int64{0, 951782400, 1704067199, 1704067200, 1735603200, 1756921579, 1767225600, 2147483647, 1136073599, 1230768000}
	L := newState(t, nil)
	var ours, calls []string
	for _, ts := range times {
		ours = append(ours, eval(t, L, fmt.Sprintf(`return os.date("!%s", %d)`, allC89, ts)))
		calls = append(calls, fmt.Sprintf(`os.date("!%s", %d)`, allC89, ts))
	}
	want := strings.Split(lua53(t, "return table.concat({"+strings.Join(calls, ",")+"}, '\\n')", "LC_ALL=C", "TZ=UTC"), "\n")
	for i := range ours {
		if ours[i] != want[i] {
			t.Errorf("t=%d:\n luatlib %q\n lua5.3  %q", times[i], ours[i], want[i])
		}
	}
	// "*t" tables and os.time round trip.
	tab := `local d = os.date("!*t", %d) return string.format("%%d-%%d-%%d %%d:%%d:%%d w%%d y%%d %%s", d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, tostring(d.isdst))`
	for _, ts := range times {
		got := eval(t, L, fmt.Sprintf(tab, ts))
		if w := lua53(t, fmt.Sprintf(tab, ts), "TZ=UTC"); got != w {
			t.Errorf("*t %d: luatlib %q lua5.3 %q", ts, got, w)
		}
	}
	for _, ts := range times {
		chunk := fmt.Sprintf(`return tostring(os.time(os.date("!*t", %d)))`, ts)
		got := eval(t, L, chunk)
		if w := lua53(t, chunk, "TZ=UTC"); got != w {
			t.Errorf("os.time %d: luatlib %q lua5.3 %q", ts, got, w)
		}
	}
}

func TestOSDate(t *testing.T) {
	L := newState(t, &luatlib.Env{Now: func() time.Time { return fixedNow },
		Location: time.FixedZone("CST", 8*3600)})
	cases := []struct{ chunk, want string }{
		{`return os.date("!%c")`, `Thu Sep  4 19:46:19 2025`},
		{`return os.date("%c")`, `Fri Sep  5 03:46:19 2025`},
		{`return os.date("%a %Y-%m-%d %H:%M:%S", 0)`, `Thu 1970-01-01 08:00:00`},
		{`return os.date("%Z")`, `GMT`},
		{`return os.date("*t").hour, os.date("!*t").hour`, `3 19`},
		{`return os.date("*tx")`, `*tx`},
		{`return os.time()`, `1757015179`},
		{`return os.time({year=2000, mon=1, day=1, hour=0, min=0, sec=0})`, `946684800`},
		{`return os.time({year=2000, month=1, day=1})`, `946728000`},
		{`local t = {year=2000, month=13, day=32, hour=0} local s = os.time(t) return s, t.year, t.month, t.day, t.yday, t.wday`, `980985600 2001 2 1 32 5`},
		{`return os.clock()`, `0`},
		{`return os.difftime(10, 4)`, `6`},
		{`return os.execute, os.exit, os.getenv, os.tmpname, os.setlocale`, `nil nil nil nil nil`},
	}
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
	for chunk, want := range map[string]string{
		`os.date("%F %T")`:                     "bad argument #1 to 'date' (invalid conversion specifier '%F %T')",
		`os.date("%e")`:                        "bad argument #1 to 'date' (invalid conversion specifier '%e')",
		`os.date("abc%")`:                      "bad argument #1 to 'date' (invalid conversion specifier '%')",
		`os.date("%c", 1.5)`:                   "bad argument #2 to 'date' (number has no integer representation)",
		`os.time({year=2000})`:                 "field 'day' missing in date table",
		`os.time({year=2000, day=1})`:          "field 'month' missing in date table",
		`os.time({year="x", day=1})`:           "field 'year' is not an integer",
		`os.time({year=2000, day=1.5})`:        "field 'day' is not an integer",
		`os.time({year=2^40, day=1})`:          "field 'year' is out-of-bound",
		`os.time({year=2100, month=1, day=1})`: "time result cannot be represented in this installation",
	} {
		if got := evalErr(t, L, chunk); got != want {
			t.Errorf("%s: %q, want %q", chunk, got, want)
		}
	}
}

func TestOSClockAdvances(t *testing.T) {
	now := fixedNow
	L := newState(t, &luatlib.Env{Now: func() time.Time { return now }})
	now = now.Add(2500 * time.Millisecond)
	if got := eval(t, L, `return os.clock()`); got != "2" {
		t.Fatalf("os.clock() = %q after 2.5 s, want 2", got)
	}
}
