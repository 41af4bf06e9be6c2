package luatlib_test

import (
	"strings"
	"testing"
)

// packScript packs each case and returns hex lines or "E:<message>".
const packHelpers = `
local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end
local function clean(e) return (tostring(e):gsub("^[^:]*:%d+: ", "")) end
local out = {}
local function P(...)
  local args = {...}
  local ok, r = pcall(function() return string.pack(unpack_(args)) end)
  out[#out+1] = ok and hex(r) or "E:" .. clean(r)
end
local function U(...)
  local args = {...}
  local r = {pcall(function() return string.unpack(unpack_(args)) end)}
  if not r[1] then out[#out+1] = "E:" .. clean(r[2]) return end
  local parts = {}
  for i = 2, #r do parts[#parts+1] = tostring(r[i]) end
  out[#out+1] = table.concat(parts, ",")
end
`

// packCases are valid on both Lua 5.3 (64-bit) and the 32-bit firmware
// with identical results.
const packCases = `
P("b", 127) P("b", -128) P("B", 255) P("h", -2) P("H", 65535) P("i", 305419896)
P("<i4", -2) P(">i4", 305419896) P(">I4", 2147483647) P("<I2", 4660) P(">I3", 66051)
P("i1", 128) P("i1", -129) P("I1", 256) P("I1", -1) P("i2", 32768)
P("<i8", -2) P(">i8", 1) P("i16", -1) P("i17", 1) P("i0", 1)
P("<f", 1.5) P(">d", -0.1) P("<d", 1e300)
P("s1", "abc") P(">s2", "hi") P("s1", string.rep("x", 256)) P("z", "ab") P("z", "a\0b")
P("c5", "ab") P("c2", "abc") P("c", "a") P("x") P("xxb", 1)
P("!4 b i4", 1, 2) P("!2 b i4", 1, 2) P("!8 b d", 1, 2) P("!3 b i4", 1, 2)
P("b Xi4 b", 1, 2) P("b X", 1) P("b Xc1", 1) P("<!4 h Xi4", 7)
P("q", 1) P("b", 1.5) P("b") P("i4", "12") P("i4", "x")
U("<i4", "\254\255\255\255") U(">I2", "\1\2") U("b", "\200") U("B", "\200")
U("<i8", "\254\255\255\255\255\255\255\255") U("<I3", "\1\2\3")
U("<f", "\0\0\192\63") U(">d", "\63\248\0\0\0\0\0\0")
U("s1", "\3abcdef") U("s1", "\9abc") U("z", "ab\0cd") U("z", "abc") U("c2", "abcd")
U("b", "\1\2\3", 2) U("b", "\1\2\3", -1) U("b", "\1\2\3", 4) U("b", "\1\2\3", 5) U("b", "\1\2\3", 0) U("b", "\1\2\3", -9)
U("i4", "\1\2") U("!4 b i4", "\1\0\0\0\2\0\0\0") U("bbb", "\1\2\3")
U("i16", string.rep("\255", 16)) U("<i16", "\1" .. string.rep("\0", 15))
`

func runPackScript(t *testing.T) (ours, want []string) {
	body := packHelpers + packCases + " return table.concat(out, '\\n')"
	L := newState(t, nil)
	oursS := eval(t, L, "local unpack_ = unpack "+body)
	wantS := lua53(t, "local unpack_ = table.unpack "+body)
	return strings.Split(oursS, "\n"), strings.Split(wantS, "\n")
}

// TestPackDifferential compares string.pack/unpack with Debian's lua5.3
// on the cases where the 32-bit firmware and 64-bit Lua 5.3 agree.
func TestPackDifferential(t *testing.T) {
	ours, want := runPackScript(t)
	if len(ours) != len(want) {
		t.Fatalf("%d results, lua5.3 %d", len(ours), len(want))
	}
	for i := range ours {
		if ours[i] != want[i] {
			t.Errorf("case %d: luatlib %q, lua5.3 %q", i+1, ours[i], want[i])
		}
	}
}

// TestPack32Bit pins the results where the 32-bit firmware differs from
// a 64-bit Lua: 4-byte lua_Integer, size_t and lua_Number.
func TestPack32Bit(t *testing.T) {
	cases := []struct{ chunk, want string }{
		{`return string.unpack("<I4", "\255\255\255\255")`, `-1 5`},
		{`return #string.pack("j", 1), #string.pack("T", 1), #string.pack("n", 1), #string.pack("l", 1)`, `4 4 4 4`},
		{`return (string.pack("s", "ab"):gsub(".", function(c) return c:byte() .. "," end))`, `2,0,0,0,97,98,`},
		{`return (string.pack(">I4", 0xFFFFFFFF):gsub(".", function(c) return c:byte() .. "," end))`, `255,255,255,255,`},
		{`return (string.pack(">i8", 0xFFFFFFFF):gsub(".", function(c) return c:byte() .. "," end))`, `255,255,255,255,255,255,255,255,`},
		{`return string.packsize("!b i4"), string.packsize("d"), string.packsize("j")`, `8 8 4`},
		{`return string.unpack("n", string.pack("n", 1.5))`, `1.5 5`},
	}
	L := newState(t, nil)
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
	for chunk, want := range map[string]string{
		`string.unpack("<i8", "\0\0\0\0\1\0\0\0")`:                     "8-byte integer does not fit into Lua Integer",
		`string.packsize("s")`:                                         "bad argument #1 to 'packsize' (variable-length format)",
		`string.pack("i4", 2^32)`:                                      "bad argument #2 to 'pack' (number has no integer representation)",
		`string.unpack("c2000000000", "x")`:                            "bad argument #2 to 'unpack' (data string too short)",
		`string.unpack(string.rep("b", 1001), string.rep("\0", 1001))`: "too many results",
	} {
		if got := evalErr(t, L, chunk); got != want {
			t.Errorf("%s: %q, want %q", chunk, got, want)
		}
	}
}
