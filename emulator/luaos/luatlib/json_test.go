package luatlib_test

import (
	"strings"
	"testing"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	lua "github.com/yuin/gopher-lua"
)

func TestJSONEncode(t *testing.T) {
	cases := []struct{ chunk, want string }{
		{`return json.encode(nil)`, ``},
		{`return json.encode()`, ``},
		{`return json.encode({})`, `{}`},
		{`return json.encode({1, 2, 3})`, `[1,2,3]`},
		{`return json.encode({[1]=1, [3]=3})`, `[1,null,3]`},
		{`return json.encode({a=1})`, `{"a":1}`},
		{`return json.encode({[1.5]="x"})`, `{"1.5000000":"x"}`},
		{`return json.encode({[0]="x"})`, `{"0":"x"}`},
		{`return json.encode({[-1]="x"})`, `{"-1":"x"}`},
		{`return json.encode(3.14)`, `3.1400001`},
		{`return json.encode(0.5)`, `0.5000000`},
		{`return json.encode(1e-9)`, `0`},
		{`return json.encode(-1e-9)`, `0`},
		{`return json.encode(3.0)`, `3`},
		{`return json.encode(-2147483648)`, `-2147483648`},
		{`return json.encode(2147483648)`, `2147483648.0000000`},
		{`return json.encode(3.14, "12f")`, `3.140000104904`},
		{`return json.encode(3.14, "%.3f")`, `3.140`},
		{`return json.encode(3.14, "7g")`, `3.14`},
		{`return json.encode(3.14, "%.7g")`, `3.14`},
		{`return json.encode(true)`, `true`},
		{`return json.encode(json.null)`, `null`},
		{`return json.encode({json.null, false})`, `[null,false]`},
		{`return json.encode("a/b")`, `"a/b"`},
		{`return json.encode("q\"b\\\b\f\n\r\t")`, `"q\"b\\\b\f\n\r\t"`},
		{`return json.encode("\0\1\31\127")`, `"\u0000\u0001\u001f\u007f"`},
		{`return json.encode("中文")`, `"中文"`},
		{`return json.encode({{}})`, `[{}]`},
	}
	L := newState(t, nil)
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
}

func TestJSONEncodeSparse(t *testing.T) {
	L := newState(t, nil)
	// max 10 is "safe" (≤ 10): an array with holes.
	if got := eval(t, L, `return json.encode({[10]=1})`); got != `[null,null,null,null,null,null,null,null,null,1]` {
		t.Fatalf("got %q", got)
	}
	// max 11 > 2*1 and > 10: the firmware's error (§3.4).
	if got := eval(t, L, `return json.encode({[1]=1, [11]=1})`); got != `nil Cannot serialise table: excessively sparse array` {
		t.Fatalf("got %q", got)
	}
}

func TestJSONEncodeErrors(t *testing.T) {
	cases := []struct{ chunk, want string }{
		{`return json.encode(print)`, `nil Cannot serialise function: type not supported`},
		{`return json.encode({f=print})`, `nil Cannot serialise function: type not supported`},
		{`return json.encode(0/0)`, `nil Cannot serialise number: must not be NaN or Inf`},
		{`return json.encode(1/0)`, `nil Cannot serialise number: must not be NaN or Inf`},
		{`return json.encode({[true]=1})`, `nil Cannot serialise boolean: table key must be a number or string`},
		{`return json.encode(zbuff.create(1))`, `nil Cannot serialise userdata: type not supported`},
		{`return json.encode(1.5, "x")`, `nil invalid float format`},
		{`return json.encode(1.5, "1234f")`, `nil invalid float format`},
		{`return json.encode(1.5, "f")`, `nil invalid float format`},
		{`local t = {} t.t = t return json.encode(t)`, `nil Cannot serialise, excessive nesting (1001)`},
	}
	L := newState(t, nil)
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
}

func TestJSONDecode(t *testing.T) {
	cases := []struct{ chunk, want string }{
		{`local v, ok = json.decode("[1,2,3]") return #v, v[3], ok`, `3 3 1`},
		{`local v = json.decode('{"a":{"b":"c"}}') return v.a.b`, `c`},
		{`local v = json.decode('[1, null, 3]') return #v, v[2] == json.null`, `3 true`},
		{`return json.decode('null') == json.null`, `true`},
		{`return json.decode('true')`, `true 1`},
		{`return json.decode('"a\\u00e9\\ud83d\\ude00\\/"')`, "aé😀/ 1"},
		{`return json.decode('1e3')`, `1 1`},
		{`return json.decode('1E-3')`, `1 1`},
		{`return json.decode('1.5e3')`, `1500 1`},
		{`return json.decode('2147483648')`, `2147483647 1`},
		{`return json.decode('-2147483649')`, `-2147483648 1`},
		{`return json.decode('-0.25')`, `-0.25 1`},
		{`return json.decode('0')`, `0 1`},
		{`return json.decode(' \t\r\n5 ')`, `5 1`},
		{`return json.decode(12)`, `12 1`},
		{`return json.decode('12\0garbage')`, `12 1`},
		{`local v = json.decode('{"a":1,"a":2}') return v.a`, `2`},
		{`return json.decode('"\\"\\\\\\/\\b\\f\\n\\r\\t"') == "\"\\/\b\f\n\r\t"`, `true`},
	}
	L := newState(t, nil)
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
}

func TestJSONDecodeErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{``, `Expected value but found T_END at character 1`},
		{`[1,2`, `Expected comma or array end but found T_END at character 5`},
		{`{"a" 1}`, `Expected colon but found T_NUMBER at character 6`},
		{`{1:2}`, `Expected object key string but found T_NUMBER at character 2`},
		{`[1]x`, `Expected the end but found invalid token at character 4`},
		{`+1`, `Expected value but found invalid token at character 1`},
		{`-`, `Expected value but found invalid number at character 1`},
		{`01`, `Expected value but found invalid number at character 1`},
		{`0x10`, `Expected value but found invalid number at character 1`},
		{`-inf`, `Expected value but found invalid number at character 1`},
		{`nul`, `Expected value but found invalid token at character 1`},
		{`"abc`, `Expected value but found unexpected end of string at character 5`},
		{`"a\qb"`, `Expected value but found invalid escape code at character 3`},
		{`"\ud800"`, `Expected value but found invalid unicode escape code at character 2`},
		{`"\u12"`, `Expected value but found invalid unicode escape code at character 2`},
		{`[}`, `Expected value but found T_OBJ_END at character 2`},
		{"a\x00", `JSON parser does not support UTF-16 or UTF-32`},
		{strings.Repeat("[", 1001), `Found too many nested data structures (1001) at character 1001`},
	}
	L := newState(t, nil)
	for _, c := range cases {
		L.SetGlobal("s", lua.LString(c.in))
		if got := eval(t, L, `return json.decode(s)`); got != "nil false "+c.want {
			t.Errorf("decode(%q) = %q, want %q", c.in, got, "nil false "+c.want)
		}
	}
	if got := eval(t, L, `return json.decode()`); got != "nil false bad argument #1 to '?' (expected 1 argument)" {
		t.Errorf("no args: %q", got)
	}
	if got := eval(t, L, `return json.decode({})`); got != "nil false bad argument #1 to '?' (string expected, got table)" {
		t.Errorf("table arg: %q", got)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	L := newState(t, nil)
	got := eval(t, L, `local s = json.encode({action="echo", list={1,"two",true,json.null}, n=-3})
		local v = json.decode(s) return v.action, #v.list, v.list[2], v.list[4] == json.null, v.n`)
	if got != "echo 4 two true -3" {
		t.Fatalf("got %q", got)
	}
}

func TestJSONGoAPI(t *testing.T) {
	L := newState(t, nil)
	v, err := luatlib.DecodeJSON(L, `{"k":[1,2]}`)
	if err != nil {
		t.Fatal(err)
	}
	s, err := luatlib.EncodeJSON(v, luatlib.JSONOptions{})
	if err != nil || s != `{"k":[1,2]}` {
		t.Fatalf("EncodeJSON = %q, %v", s, err)
	}
	_, err = luatlib.DecodeJSON(L, `[`)
	if err == nil || !errorsIs(err, luatlib.ErrJSON) {
		t.Fatalf("error %v does not match ErrJSON", err)
	}
}
