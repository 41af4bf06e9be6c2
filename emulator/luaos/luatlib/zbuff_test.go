package luatlib_test

import (
	"testing"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	lua "github.com/yuin/gopher-lua"
)

func TestZbuff(t *testing.T) {
	cases := []struct{ chunk, want string }{
		{`local b = zbuff.create(8) return b:len(), #b, b:used(), b[0]`, `8 8 0 0`},
		{`local b = zbuff.create(4, 0x33) return b[0], b[3], b[4]`, `51 51 nil`},
		{`local b = zbuff.create(4, 0x133) return b[0]`, `51`},
		{`local b = zbuff.create(8, "abc") return b:used(), b:toStr(0, 3), b:query()`, `3 abc abc`},
		{`local b = zbuff.create(4, "abcdef") return b:used(), b:toStr()`, `4 abcd`},
		{`local b = zbuff.create(5) return b:write("123"), b:used(), b:write("4567"), b:used()`, `3 3 2 5`},
		{`local b = zbuff.create(4) return b:write(0x31, 0x32, 0x133), b:toStr(0, 3)`, `3 123`},
		{`local b = zbuff.create(2) return b:write(1, 2, 3, 4)`, `2`},
		{`local b = zbuff.create(8, "hello") b:seek(0) return b:read(2), b:read(), b:used(), b:read(100)`, "he l 3 lo\x00\x00\x00"},
		{`local b = zbuff.create(8) return b:seek(5), b:seek(-2, zbuff.SEEK_CUR), b:seek(-1, zbuff.SEEK_END), b:seek(99), b:seek(-9)`, `5 3 7 8 0`},
		{`local b = zbuff.create(8) return b:seek(1, 9)`, ``},
		{`local b = zbuff.create(8, "hello") return b:query(1, 3), b:query(-2), b:query(9)`, `ell lo nil`},
		{`local b = zbuff.create(4, "\1\2\3\4") return b:query(0, 2, true), b:query(0, 2, false), b:query(0, 4, true)`, `258 513 16909060`},
		{`local b = zbuff.create(1, "\255") return b:query(0, 1, true, true), b:query(0, 1, true, false)`, `-1 255`},
		{`local b = zbuff.create(4) b[1] = 0x141 b[9] = 1 return b[1], b:get(1), b:get(9)`, `65 65`},
		{`local b = zbuff.create(4) b:clear(7) return b[3]`, `7`},
		{`local b = zbuff.create(4, "ab") return b:copy(nil, "cdef"), b:len(), b:used(), b:toStr()`, `4 6 6 abcdef`},
		{`local b = zbuff.create(4, "ab") local c = zbuff.create(4, "XY") return b:copy(0, c), b:query()`, `2 XY`},
		{`local b = zbuff.create(8, "abcdef") b:del(1, 2) return b:used(), b:query()`, `4 adef`},
		{`local b = zbuff.create(8, "abcdef") b:del(-1) return b:query()`, `abcde`},
		{`local b = zbuff.create(8, "abcdef") b:resize(3) return b:len(), b:used(), b:query()`, `3 3 abc`},
		{`local b = zbuff.create(4) b:set(1, 0x41, 2) return b:toStr()`, "\x00AA\x00"},
		{`local b = zbuff.create(8) return b:writeU16(0x1234), b:writeI32(-2), b:writeF32(1.5), b:used()`, `2 4 0 6`},
		{`local b = zbuff.create(8) b:writeU16(0x1234) b:writeI32(-2) b:seek(0) return b:readU8(), b:readU8(), b:readI32(), b:readU8()`, `52 18 -2 0`},
		{`local b = zbuff.create(8) b:writeF64(0.25) b:seek(0) return b:readF64()`, `0.25`},
		{`local a, b = zbuff.create(4, "abcd"), zbuff.create(4, "abXd") return a:isEqual(0, b, 0, 2), a:isEqual(0, b, 0, 4)`, `true false 2`},
		{`return zbuff.create(0), zbuff.create(-1)`, `nil`},
		{`local b = zbuff.create(2) local c = zbuff.create(4, "wxyz") return b:copy(0, c, 1, 2), b:toStr(), b:copy(0, c, 3, 9), b:copy(0, 0x41, 0x42, 0x43), b:toStr()`, `2 xy 0 3 ABC`},
		{`local b = zbuff.create(2, "ab") return b:copy(-1, "Z"), b:toStr(), b:copy(-5, "Z"), b:copy(0, {})`, `1 aZ 0 0`},
		{`return zbuff.create(1e9)`, `nil memory not enough`},
		{`return zbuff.SEEK_SET, zbuff.SEEK_CUR, zbuff.SEEK_END`, `0 1 2`},
		// luat_lib_zbuff.c's pack example: big-endian I, I, H, then the string.
		{`local b = zbuff.create(32) return b:pack(">IIHA", 0x1234, 0x4567, 0x12, "abcdefg"), b:used(), (b:query():toHex())`, `17 17 0000123400004567001261626364656667`},
		{`local b = zbuff.create(32) b:pack(">IIHA", 0x1234, 0x4567, 0x12, "abcdefghij") b:seek(0) return b:unpack(">IIHA10")`, `20 4660 17767 18 abcdefghij`},
		{`local b = zbuff.create(4) return b:pack("<i", -2), (b:toStr():toHex())`, `4 FEFFFFFF`},
		{`local b = zbuff.create(3) return b:pack("<i", -2), (b:toStr():toHex())`, `3 FEFFFF`},
		{`local b = zbuff.create(8, "\255\255\255\255\1") b:seek(0) return b:unpack("<IcA0 A2")`, "7 -1 1  \x00\x00"},
		{`local b = zbuff.create(6, "\0\1\0\0\0\0") b:seek(0) return b:unpack(">H i")`, `6 1 0`},
		{`local b = zbuff.create(3) b:seek(0) return b:unpack("i")`, `0`},
		{`local b = zbuff.create(4) return b:pack("<f d", 1.5), b:used()`, `4 4`},
		{`local b = zbuff.create(16) b:pack("<fd", 1.5, 0.25) b:seek(0) return b:unpack("<fd")`, `12 1.5 0.25`},
	}
	L := newState(t, nil)
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
	if got := evalErr(t, L, `zbuff.create(2).read({})`); got != "bad argument #1 to '?' (ZBUFF* expected, got table)" {
		t.Errorf("bad self: %q", got)
	}
}

func TestZbuffBytes(t *testing.T) {
	L := newState(t, nil)
	if err := L.DoString(`b = zbuff.create(16) b:write("hello")`); err != nil {
		t.Fatal(err)
	}
	ud := L.GetGlobal("b").(*lua.LUserData)
	got, ok := luatlib.ZbuffBytes(ud)
	if !ok || string(got) != "hello" {
		t.Fatalf("ZbuffBytes = %q, %v", got, ok)
	}
	if _, ok := luatlib.ZbuffBytes(L.NewUserData()); ok {
		t.Fatal("plain userdata accepted")
	}
}
