package luaos_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

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

// Run boots a LuatOS project; here a one-line script whose VM exits, with
// MaxBoots ending Run after the first boot.
func ExampleRun() {
	dir, err := os.MkdirTemp("", "luaos-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	main := "log.info(\"hello\", 1.0, 2.5, mobile.imei() ~= nil)\n"
	if err := os.WriteFile(filepath.Join(dir, "main.lua"), []byte(main), 0o644); err != nil {
		panic(err)
	}
	err = luaos.Run(context.Background(), luaos.Options{Script: dir, Stdout: os.Stdout, MaxBoots: 1})
	fmt.Println(errors.Is(err, luaos.ErrMaxBoots))
	// Output:
	// I/main LuatOS@Air780E base 26.04 bsp V1104 32bit
	// I/user.hello 1 2.5 true
	// E/main Lua VM exit!! reboot in 0ms
	// true
}
