package luaos_test

import (
	"errors"
	"fmt"

	"github.com/air780emu/air780emu/emulator/luaos"
)

// A script using a Lua 5.3 operator fails to load with a message naming
// the file, the line and the operator (gopher-lua is Lua 5.1).
func ExampleCheckSyntax() {
	src := []byte("local flags = 0x0F\r\nlocal low = flags & 0x3\r\n")
	err := luaos.CheckSyntax("main.lua", src)
	fmt.Println(err)
	var e *luaos.Lua53Error
	fmt.Println(errors.As(err, &e), e.Line, e.Op)
	fmt.Println(luaos.CheckSyntax("ok.lua", []byte("local s = 'a // b' -- x | y\nreturn bit.band(7, 3)\n")))
	// Output:
	// main.lua:2: Lua 5.3 operator '&' is not supported by this emulator (gopher-lua is Lua 5.1)
	// true 2 &
	// <nil>
}
