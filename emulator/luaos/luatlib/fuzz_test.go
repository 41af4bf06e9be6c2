package luatlib_test

import (
	"strings"
	"testing"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	lua "github.com/yuin/gopher-lua"
)

// FuzzJSONDecode: any input yields a value or a firmware-style error,
// never a panic; a decoded value re-encodes, and that text decodes again
// to the same encoding (a fixed point after float32 rounding).
func FuzzJSONDecode(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `[1e3, -0.5, "\u00e9"]`, `"\ud83d\ude00"`, `[[[[`, `{"a" 1}`, "\x00\x01", `-`, `0x1`, `1.5e400`} {
		f.Add(s)
	}
	L := lua.NewState()
	luatlib.Open(L, nil)
	f.Cleanup(L.Close)
	f.Fuzz(func(t *testing.T, s string) {
		v, err := luatlib.DecodeJSON(L, s)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "Expected ") && !strings.HasPrefix(msg, "Found too many") && !strings.HasPrefix(msg, "JSON parser") {
				t.Fatalf("decode(%q): unexpected error %q", s, msg)
			}
			return
		}
		enc, err := luatlib.EncodeJSON(v, luatlib.JSONOptions{})
		if err != nil {
			if strings.Contains(err.Error(), "NaN or Inf") || strings.Contains(err.Error(), "sparse") {
				return // 1e400 decodes to inf; {"1":…,"99":…} style keys are strings, arrays are dense
			}
			t.Fatalf("encode(decode(%q)): %v", s, err)
		}
		v2, err := luatlib.DecodeJSON(L, enc)
		if err != nil {
			t.Fatalf("decode(%q) (from %q): %v", enc, s, err)
		}
		enc2, err := luatlib.EncodeJSON(v2, luatlib.JSONOptions{})
		if err != nil || (enc2 != enc && !strings.ContainsAny(enc, "{.")) {
			t.Fatalf("not a fixed point: %q → %q (%v)", enc, enc2, err)
		}
	})
}

// FuzzUnpack: string.unpack on arbitrary formats and data returns values
// or raises a Lua error; it never panics the Go side or hangs.
func FuzzUnpack(f *testing.F) {
	for _, c := range [][2]string{{"<i4", "\x01\x02\x03\x04"}, {"s1", "\x03abc"}, {"z", "ab\x00"}, {"!4 b Xi4 i4", "\x01\x00\x00\x00\x02\x00\x00\x00"},
		{"c10", "x"}, {"i17", ""}, {"i16", strings.Repeat("\xff", 16)}, {">d", "\x3f\xf8\x00\x00\x00\x00\x00\x00"}, {"X", ""}, {"!3 i4", "aaaaaaaa"}} {
		f.Add(c[0], c[1])
	}
	L := lua.NewState()
	luatlib.Open(L, nil)
	f.Cleanup(L.Close)
	unpack := L.GetField(L.GetGlobal("string"), "unpack")
	pack := L.GetField(L.GetGlobal("string"), "pack")
	f.Fuzz(func(t *testing.T, format, data string) {
		if len(format) > 256 {
			return
		}
		top := L.GetTop()
		defer L.SetTop(top)
		err := L.CallByParam(lua.P{Fn: unpack, NRet: lua.MultRet, Protect: true}, lua.LString(format), lua.LString(data))
		if err != nil {
			return
		}
		n := L.GetTop() - top
		next, ok := L.Get(-1).(lua.LNumber)
		if n < 1 || !ok || int(next) < 1 || int(next) > len(data)+2 { // +2: "z" past a missing terminator (Lua 5.3.6)
			t.Fatalf("unpack(%q, %q): next position %v of %d results", format, data, L.Get(-1), n)
		}
		// Re-packing the values must not panic either.
		args := []lua.LValue{lua.LString(format)}
		for i := top + 1; i < L.GetTop(); i++ {
			args = append(args, L.Get(i))
		}
		_ = L.CallByParam(lua.P{Fn: pack, NRet: 1, Protect: true}, args...)
	})
}
