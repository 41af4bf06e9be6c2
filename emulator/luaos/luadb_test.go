package luaos

import (
	"testing"
	"time"
)

// TestRequireAndLuadbAgree: require and /luadb paths use one flattened
// image. With a deeper x.lua that comes first in walk order (a/b/x.lua)
// and a shallower one (z/x.lua), both see the shallower; a hidden file is
// in neither.
func TestRequireAndLuadbAgree(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"main.lua": `
local x = require "x"
log.info("db", "require", x)
log.info("db", "readFile", io.readFile("/luadb/x.lua"))
log.info("db", "dofile", dofile("/luadb/x.lua"))
log.info("db", "hidden", pcall(require, ".hid"), io.exists("/luadb/.hid.lua"))
sys.run()
`,
		"a/b/x.lua": `return "deep"`,
		"z/x.lua":   `return "shallow"`,
		".hid.lua":  `return "hidden"`,
	})
	sink, stop := start(t, Options{Script: dir})
	sink.waitFor(t, "I/user.db hidden", 5*time.Second)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	equalLines(t, userLines(sink.lines(), "I/user.db"), []string{
		"I/user.db require shallow",
		`I/user.db readFile return "shallow"`,
		"I/user.db dofile shallow",
		"I/user.db hidden false false",
	})
}
