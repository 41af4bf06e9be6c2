package luatlib

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"

	lua "github.com/yuin/gopher-lua"
)

// Device file layout (reference §2.1 "flattened luadb", LuatOS io/os docs):
// /luadb/<name> is the flashed script image, read-only, flattened by
// basename; every other absolute path lives on the writable file system,
// here a directory on the host (Env.DataDir). Paths are cleaned; ".."
// components are refused, so nothing outside DataDir or ScriptDir is ever
// reached (scripts cannot create symlinks, so a lexical check suffices).

// luadbPrefix is the mount point of the script image.
const luadbPrefix = "/luadb"

// Errors of the device file system mapping.
var (
	ErrBadPath  = errors.New("luatlib: invalid path")
	ErrReadOnly = errors.New("luatlib: read-only file system")
	ErrNoFS     = errors.New("luatlib: no writable file system")
)

// vfs maps device paths to host paths.
type vfs struct {
	env   *Env
	once  sync.Once
	luadb map[string]string // basename → host path
	names []string          // sorted basenames
}

// newFS returns the state's file system mapping, shared by os and io so
// the script image is scanned once per state.
func newFS(L *lua.LState, env *Env) *vfs {
	if env == nil {
		env = &Env{}
	}
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	const key = "luatlib.vfs"
	if ud, ok := reg.RawGetString(key).(*lua.LUserData); ok {
		if v, ok := ud.Value.(*vfs); ok && v.env == env {
			return v
		}
	}
	v := &vfs{env: env}
	ud := L.NewUserData()
	ud.Value = v
	reg.RawSetString(key, ud)
	return v
}

// Bounds of ScanLuadb: the device's script area holds at most a few
// hundred KiB, so a project never comes near them; maxLuadbEntries bounds
// the walk, so a mistaken -script / fails fast instead of walking the
// whole disk.
const (
	maxLuadbFiles   = 2000
	maxLuadbEntries = 20000
)

// ScanLuadb lists the files of a project folder by basename, the way
// Luatools flattens a project into the script image: subfolders vanish.
// It is the one flattening rule of the emulator: the runtime's require
// index is derived from it and handed back through Env.Luadb. Hidden
// entries (".git", ".vscode", ".x.lua") are skipped; regular files and
// symlinks to regular files are kept. When two files share a basename the
// shallower, then lexically first, wins (Luatools would refuse the
// project; inferred). More than maxLuadbEntries entries walked or
// maxLuadbFiles files kept is an error. The map is basename → host path.
func ScanLuadb(dir string) (map[string]string, error) {
	out := map[string]string{}
	if dir == "" {
		return out, nil
	}
	var paths []string
	seen := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if seen++; seen > maxLuadbEntries {
			return fmt.Errorf("more than %d entries under %s: not a LuatOS project folder", maxLuadbEntries, dir)
		}
		if p == dir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !isFile(p, d) {
			return nil
		}
		if len(paths) >= maxLuadbFiles {
			return fmt.Errorf("more than %d files under %s", maxLuadbFiles, dir)
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return nil, fmtErr("scan luadb", err)
	}
	// WalkDir visits in lexical order; a stable sort by depth keeps it
	// within a depth.
	sort.SliceStable(paths, func(i, j int) bool {
		return strings.Count(paths[i], string(filepath.Separator)) < strings.Count(paths[j], string(filepath.Separator))
	})
	for _, p := range paths {
		if name := filepath.Base(p); out[name] == "" {
			out[name] = p
		}
	}
	return out, nil
}

// isFile reports whether a walked entry is a regular file or a symlink to
// one.
func isFile(p string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func fmtErr(what string, err error) error {
	return errors.Join(errors.New("luatlib: "+what), err)
}

// image returns the luadb index, built on first use (the image is fixed
// once flashed, so later changes to ScriptDir are not seen).
func (v *vfs) image() map[string]string {
	v.once.Do(func() {
		if v.env.Luadb != nil {
			v.luadb = v.env.Luadb
		} else {
			v.luadb, _ = ScanLuadb(v.env.ScriptDir)
		}
		if v.luadb == nil {
			v.luadb = map[string]string{}
		}
	})
	return v.luadb
}

// resolved is a device path mapped to the host.
type resolved struct {
	dev      string // cleaned device path
	host     string // host path ("" for the luadb root)
	readOnly bool
	luadbDir bool // the /luadb directory itself
}

// resolve maps a device path. Relative paths are taken from "/".
func (v *vfs) resolve(p string) (resolved, error) {
	if p == "" || strings.ContainsRune(p, 0) {
		return resolved{}, ErrBadPath
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return resolved{}, ErrBadPath
		}
	}
	dev := path.Clean("/" + p)
	if dev == luadbPrefix {
		return resolved{dev: dev, readOnly: true, luadbDir: true}, nil
	}
	if rest, ok := strings.CutPrefix(dev, luadbPrefix+"/"); ok {
		host, found := v.image()[rest]
		if !found {
			host = "" // missing file: errors are ENOENT
		}
		return resolved{dev: dev, host: host, readOnly: true}, nil
	}
	if v.env.DataDir == "" {
		return resolved{}, ErrNoFS
	}
	return resolved{dev: dev, host: filepath.Join(v.env.DataDir, filepath.FromSlash(dev))}, nil
}

// errno maps an error to the device's errno and strerror text (newlib
// spelling, inferred).
func errno(err error) (syscall.Errno, string) {
	var en syscall.Errno
	switch {
	case errors.Is(err, ErrReadOnly):
		en = syscall.EROFS
	case errors.Is(err, ErrBadPath):
		en = syscall.EINVAL
	case errors.Is(err, ErrNoFS):
		en = syscall.ENODEV
	case errors.As(err, &en):
	case errors.Is(err, fs.ErrNotExist):
		en = syscall.ENOENT
	case errors.Is(err, fs.ErrExist):
		en = syscall.EEXIST
	default:
		en = syscall.EIO
	}
	s := en.Error()
	return en, strings.ToUpper(s[:1]) + s[1:]
}

// open opens a device path with C fopen mode semantics.
func (v *vfs) open(p, mode string) (*os.File, resolved, error) {
	r, err := v.resolve(p)
	if err != nil {
		return nil, r, err
	}
	flags, ok := fopenFlags(mode)
	if !ok {
		return nil, r, ErrBadPath
	}
	if r.readOnly && flags != os.O_RDONLY {
		return nil, r, ErrReadOnly
	}
	if r.luadbDir || (r.readOnly && r.host == "") {
		return nil, r, fs.ErrNotExist
	}
	f, err := os.OpenFile(r.host, flags, 0o644)
	if err == nil {
		if st, serr := f.Stat(); serr == nil && st.IsDir() {
			f.Close()
			return nil, r, syscall.EISDIR
		}
	}
	return f, r, err
}

// fopenFlags maps a C fopen mode ("r", "wb+", "a" …).
func fopenFlags(mode string) (int, bool) {
	m := strings.ReplaceAll(mode, "b", "")
	switch m {
	case "r":
		return os.O_RDONLY, true
	case "w":
		return os.O_WRONLY | os.O_CREATE | os.O_TRUNC, true
	case "a":
		return os.O_WRONLY | os.O_CREATE | os.O_APPEND, true
	case "r+":
		return os.O_RDWR, true
	case "w+":
		return os.O_RDWR | os.O_CREATE | os.O_TRUNC, true
	case "a+":
		return os.O_RDWR | os.O_CREATE | os.O_APPEND, true
	}
	return 0, false
}

// writable resolves a path that must be on the writable file system.
func (v *vfs) writable(p string) (resolved, error) {
	r, err := v.resolve(p)
	if err == nil && r.readOnly {
		err = ErrReadOnly
	}
	return r, err
}
