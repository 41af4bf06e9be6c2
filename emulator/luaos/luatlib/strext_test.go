package luatlib_test

import (
	"testing"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
)

// The expected values are the usage examples of lua/src/lstrlib_exts.c.
func TestStringExtras(t *testing.T) {
	cases := []struct{ chunk, want string }{
		{`return string.toHex("\1\2\3")`, `010203 6`},
		{`return ("123abc"):toHex()`, `313233616263 12`},
		{`return string.toHex("123abc", " ")`, `31 32 33 61 62 63  12`},
		{`return string.toHex("")`, ` 0`},
		{`return string.toHex(12)`, `3132 4`},
		{`return string.fromHex("010203") == "\1\2\3"`, `true`},
		{`return string.fromHex("313233616263")`, `123abc`},
		{`return string.fromHex("31 32 3")`, `12`},
		{`return string.fromHex("3g12")`, "\x12"},
		{`return table.concat(("123,456,789"):split(","), "|")`, `123|456|789`},
		{`return table.concat(string.split("123,233333,122"), "|")`, `123|233333|122`},
		{`local t = ("/tmp//def/1234/"):split("/", true) return #t, table.concat(t, "|")`, `6 |tmp||def|1234|`},
		{`local t = ("/tmp//def/1234/"):split("/") return #t, table.concat(t, "|")`, `3 tmp|def|1234`},
		{`return #string.split("")`, `0`},
		{`return table.concat(("a::b::"):split("::", true), "|")`, `a|b|`},
		{`return table.concat(("a,b"):split(""), "|")`, `a|b`},
		{`return ("abc"):startsWith("a"), ("abc"):startsWith("b"), ("abc"):startsWith("abcd")`, `true false false`},
		{`return ("abc"):endsWith("c"), ("abc"):endsWith("b"), ("abc"):endsWith("")`, `true false true`},
		{`return string.trim("\r\nabc\r\n")`, `abc`},
		{`return #string.trim("\r\nabc\r\n", false, true)`, `5`},
		{`return #string.trim("\r\nabc\r\n", true, false)`, `5`},
		{`return "[" .. string.trim(" \t ") .. "]"`, `[]`},
		{`return string.urlEncode("123 abc+/")`, `123+abc%2B%2F`},
		{`return string.urlEncode("123 abc+/", 1)`, `123%20abc%2B%2F`},
		{`return string.urlEncode("123 abc+/", -1, 1, "/")`, `123%20abc%2B/`},
		{`return string.urlEncode("123 abc+/", -1, 0, "/")`, `123+abc%2B/`},
		{`return string.urlEncode("123 abc+/", -1, 0, "/ ")`, `123 abc%2B/`},
		{`return string.urlEncode("a.b-c*d_e~中")`, `a.b-c*d_e%7E%E4%B8%AD`},
		{`return string.toBase64("hello")`, `aGVsbG8=`},
		{`return string.toBase64("")`, ``},
		{`return string.fromBase64("aGVsbG8=")`, `hello`},
		{`return string.fromBase64("aGVs\r\nbG8=")`, `hello`},
		{`return string.fromBase64("aGVsbG8= ")`, `hello`},
		{`return "[" .. string.fromBase64("aGV sbG8=") .. "]"`, `[]`},
		{`return "[" .. string.fromBase64("aGVsbG8===") .. "]"`, `[]`},
		{`return "[" .. string.fromBase64("aG=sbG8") .. "]"`, `[]`},
		{`return "[" .. string.fromBase64("aGVsbG") .. "]"`, `[hel]`},
		{`return "[" .. string.fromBase64("!!!!") .. "]"`, `[]`},
		{`return string.toValue("123abc") == "\1\2\3\10\11\12"`, `true`},
		{`return string.toBase32("foobar"), string.toBase32("f")`, `MZXW6YTBOI MY`},
		{`return string.fromBase32("MZXW6YTBOI"), string.fromBase32("mzxw6-ytboi"), string.fromBase32("MZXW6===") == ""`, `foobar foobar true`},
	}
	L := newState(t, nil)
	for _, c := range cases {
		if got := eval(t, L, c.chunk); got != c.want {
			t.Errorf("%s = %q, want %q", c.chunk, got, c.want)
		}
	}
}

func TestStringExtrasArgErrors(t *testing.T) {
	L := newState(t, nil)
	for chunk, want := range map[string]string{
		`string.toHex()`:      "bad argument #1 to 'toHex' (string expected, got no value)",
		`string.split({})`:    "bad argument #1 to 'split' (string expected, got table)",
		`string.startsWith()`: "bad argument #1 to 'startsWith' (string expected, got no value)",
	} {
		if got := evalErr(t, L, chunk); got != want {
			t.Errorf("%s: %q, want %q", chunk, got, want)
		}
	}
}

func TestFromBase64Go(t *testing.T) {
	for in, want := range map[string]string{"": "", "QUJD": "ABC", "QUI=": "AB", "QQ==": "A", "QUI": ""} {
		got, ok := luatlib.FromBase64(in)
		if !ok || got != want {
			t.Errorf("FromBase64(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
