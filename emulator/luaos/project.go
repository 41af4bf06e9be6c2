package luaos

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxProjectFiles bounds the project index (the device's script area holds
// at most a few hundred KiB anyway); maxProjectEntries bounds the walk, so
// a mistaken -script / fails fast instead of walking the whole disk.
const (
	maxProjectFiles   = 2000
	maxProjectEntries = 20000
)

// project is a LuatOS project as Luatools flattens it into the script
// image: every .lua file reachable by its basename (§2.1).
type project struct {
	dir      string
	main     string            // path of main.lua
	mainName string            // its basename
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
	p.files, err = indexLua(p.dir)
	return p, err
}

// indexLua maps the basename of every .lua file under dir to its path. When
// two files share a basename the shallower, then lexically first, wins
// (Luatools would refuse the project; inferred).
func indexLua(dir string) (map[string]string, error) {
	var paths []string
	seen := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if seen++; seen > maxProjectEntries {
			return fmt.Errorf("more than %d entries under %s: not a LuatOS project folder", maxProjectEntries, dir)
		}
		if d.IsDir() && p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".lua") {
			if len(paths) >= maxProjectFiles {
				return fmt.Errorf("more than %d .lua files under %s", maxProjectFiles, dir)
			}
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("script: %w", err)
	}
	sort.SliceStable(paths, func(i, j int) bool {
		return strings.Count(paths[i], string(filepath.Separator)) < strings.Count(paths[j], string(filepath.Separator))
	})
	files := map[string]string{}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".lua")
		if _, dup := files[name]; !dup {
			files[name] = p
		}
	}
	return files, nil
}
