package luatlib_test

import (
	"fmt"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	lua "github.com/yuin/gopher-lua"
)

func ExampleFormatValue() {
	fmt.Println(luatlib.FormatValue(lua.LNumber(1.0)))
	fmt.Println(luatlib.FormatValue(lua.LNumber(3.14)))
	fmt.Println(luatlib.FormatValue(lua.LNumber(2147483648)))
	fmt.Println(luatlib.FormatValue(lua.LNil))
	// Output:
	// 1
	// 3.14
	// 2.147484e+09
	// nil
}

func ExampleEncodeJSON() {
	L := lua.NewState()
	defer L.Close()
	t := L.NewTable()
	t.Append(lua.LNumber(1))
	t.Append(lua.LNumber(3.14))
	t.Append(lua.LString("a/b"))
	s, _ := luatlib.EncodeJSON(t, luatlib.JSONOptions{})
	fmt.Println(s)
	_, err := luatlib.EncodeJSON(L.NewFunction(func(*lua.LState) int { return 0 }), luatlib.JSONOptions{})
	fmt.Println(err)
	// Output:
	// [1,3.1400001,"a/b"]
	// Cannot serialise function: type not supported
}

func ExampleOpen() {
	L := lua.NewState()
	defer L.Close()
	luatlib.Open(L, &luatlib.Env{Model: "Air780E"})
	if err := L.DoString(`
		local hex, n = ("123abc"):toHex()
		result = table.concat({hex, n, json.encode({ok=true}), hmeta.model(), bit.lshift(1, 31)}, " ")`); err != nil {
		panic(err)
	}
	fmt.Println(L.GetGlobal("result"))
	// Output: 313233616263 12 {"ok":true} Air780E -2147483648
}

func ExampleSplit() {
	fmt.Printf("%q\n", luatlib.Split("/tmp//def/1234/", "/", true))
	fmt.Printf("%q\n", luatlib.Split("/tmp//def/1234/", "/", false))
	// Output:
	// ["" "tmp" "" "def" "1234" ""]
	// ["tmp" "def" "1234"]
}

func ExampleToHex() {
	fmt.Println(luatlib.ToHex("\x01\x02\x03", ""), luatlib.FromHex("31 32 33"))
	// Output: 010203 123
}
