package luaos

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
)

// project is a LuatOS project as Luatools flattens it into the script
// image: every .lua file reachable by its basename (§2.1).
type project struct {
	dir      string
	main     string            // path of main.lua
	mainName string            // its basename
	image    map[string]string // the flattened script image: basename → path
	files    map[string]string // module name (basename without .lua) → path
}

// loadProject indexes path: a main.lua (or any .lua file run as main) or a
// folder holding main.lua.
func loadProject(path string) (*project, error) {
	if path == "" {
		return nil, errors.New("no script: -script names main.lua or its folder")
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("script: %w", err)
	}
	p := &project{dir: path, main: filepath.Join(path, "main.lua")}
	if !st.IsDir() {
		p.dir, p.main = filepath.Dir(path), path
	}
	if _, err := os.Stat(p.main); err != nil {
		return nil, fmt.Errorf("script: module 'main' not found: %w", err)
	}
	p.mainName = filepath.Base(p.main)
	p.image, p.files, err = indexLua(p.dir)
	return p, err
}

// indexLua builds the script image with luatlib.ScanLuadb, the one
// flattening rule (also behind /luadb paths), and derives the module index
// from its .lua files.
func indexLua(dir string) (image, files map[string]string, err error) {
	image, err = luatlib.ScanLuadb(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("script: %w", err)
	}
	files = map[string]string{}
	for base, p := range image {
		if name, ok := strings.CutSuffix(base, ".lua"); ok {
			files[name] = p
		}
	}
	return image, files, nil
}
