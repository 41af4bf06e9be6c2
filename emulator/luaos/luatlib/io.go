package luatlib

import (
	"io"
	"os"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// OpenIO makes the io table match the device (source: LuatOS liolib.c):
// io.open and io.lines honour the device layout (/luadb read-only, other
// paths under Env.DataDir); io.exists, io.fileSize, io.readFile,
// io.writeFile, io.mkdir, io.rmdir, io.lsdir, io.lsmount and the
// constants io.FILE=0, io.DIR=1 are added. The functions the device lacks
// (io.popen, io.tmpfile, io.read, io.write, io.close, io.flush, io.input,
// io.output, io.stdin/stdout/stderr) are removed. File objects are
// gopher-lua's, opened on the mapped host path. The globals loadfile and
// dofile are replaced to read through the same mapping.
func OpenIO(L *lua.LState, env *Env) {
	if env == nil {
		env = &Env{}
	}
	mod := module(L, "io")
	fs := newFS(L, env)
	origOpen, origLines := mod.RawGetString("open"), mod.RawGetString("lines")
	for _, name := range []string{"popen", "tmpfile", "read", "write", "close", "flush",
		"input", "output", "stdin", "stdout", "stderr"} {
		mod.RawSetString(name, lua.LNil)
	}
	setFuncs(L, mod, map[string]lua.LGFunction{
		"open":      func(L *lua.LState) int { return fs.ioOpen(L, origOpen) },
		"lines":     func(L *lua.LState) int { return fs.ioLines(L, origLines) },
		"exists":    fs.ioExists,
		"fileSize":  fs.ioFileSize,
		"readFile":  fs.ioReadFile,
		"writeFile": fs.ioWriteFile,
		"mkdir":     fs.ioMkdir,
		"rmdir":     fs.ioRmdir,
		"lsdir":     fs.ioLsdir,
		"lsmount":   ioLsmount,
	})
	openLoadfile(L, fs)
	mod.RawSetString("FILE", lua.LNumber(0))
	mod.RawSetString("DIR", lua.LNumber(1))
}

// fileResult pushes luaL_fileresult's failure: nil, "<path>: <strerror>",
// errno.
func fileResult(L *lua.LState, dev string, err error) int {
	en, text := errno(err)
	L.Push(lua.LNil)
	if dev != "" {
		text = dev + ": " + text
	}
	L.Push(lua.LString(text))
	L.Push(lua.LNumber(int(en)))
	return 3
}

// ioOpen is io.open(path [, mode]) on the device layout.
func (v *vfs) ioOpen(L *lua.LState, orig lua.LValue) int {
	p := checkString(L, 1, "open")
	mode := optString(L, 2, "open", "r")
	if _, ok := fopenFlags(mode); !ok {
		argError(L, 2, "open", "invalid mode")
	}
	f, r, err := v.open(p, mode)
	if err != nil {
		return fileResult(L, p, err)
	}
	f.Close()
	// The probe above already created/truncated the file as mode asks;
	// gopher-lua's io.open then opens the same host path (its mode list has
	// no "r+b" spellings, so pass the mode without "b": no difference on
	// POSIX).
	top := L.GetTop()
	L.Push(orig)
	L.Push(lua.LString(r.host))
	L.Push(lua.LString(strings.ReplaceAll(mode, "b", "")))
	L.Call(2, lua.MultRet)
	return L.GetTop() - top
}

// ioLines is io.lines(path, …): an error if the file cannot be opened, as
// in Lua 5.3.
func (v *vfs) ioLines(L *lua.LState, orig lua.LValue) int {
	p := checkString(L, 1, "lines")
	f, r, err := v.open(p, "r")
	if err != nil {
		_, text := errno(err)
		L.RaiseError("%s: %s", p, text)
	}
	f.Close()
	L.Push(orig)
	L.Push(lua.LString(r.host))
	L.Call(1, 1)
	return 1
}

func (v *vfs) ioExists(L *lua.LState) int {
	f, _, err := v.open(checkString(L, 1, "exists"), "r")
	if err == nil {
		f.Close()
	}
	L.Push(lua.LBool(err == nil))
	return 1
}

// ioFileSize returns the size, or 0 when the file cannot be opened.
func (v *vfs) ioFileSize(L *lua.LState) int {
	size := int64(0)
	if f, _, err := v.open(checkString(L, 1, "fileSize"), "rb"); err == nil {
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		f.Close()
	}
	L.Push(lua.LNumber(size))
	return 1
}

// ioReadFile is io.readFile(path [, mode [, offset [, len]]]): the data,
// or nothing when the file cannot be opened.
func (v *vfs) ioReadFile(L *lua.LState) int {
	p := checkString(L, 1, "readFile")
	mode := optString(L, 2, "readFile", "rb")
	offset := optInteger(L, 3, "readFile", 0)
	n := optInteger(L, 4, "readFile", 1<<30)
	f, _, err := v.open(p, mode)
	if err != nil {
		return 0
	}
	defer f.Close()
	if offset > 0 {
		if _, err := f.Seek(offset, io.SeekStart); err != nil {
			return 0
		}
	}
	data, _ := io.ReadAll(io.LimitReader(f, max(n, 0)))
	L.Push(lua.LString(data))
	return 1
}

// ioWriteFile is io.writeFile(path, data [, mode]) → true, or nothing.
func (v *vfs) ioWriteFile(L *lua.LState) int {
	p := checkString(L, 1, "writeFile")
	data := checkString(L, 2, "writeFile")
	mode := optString(L, 3, "writeFile", "wb+")
	f, _, err := v.open(p, mode)
	if err != nil {
		return 0
	}
	_, werr := f.WriteString(data)
	if cerr := f.Close(); werr != nil || cerr != nil {
		return 0
	}
	L.Push(lua.LTrue)
	return 1
}

// dirResult pushes (ok, code): code 0 or -errno (inferred: the device
// returns its file system's negative error code).
func dirResult(L *lua.LState, err error) int {
	L.Push(lua.LBool(err == nil))
	code := 0
	if err != nil {
		en, _ := errno(err)
		code = -int(en)
	}
	L.Push(lua.LNumber(code))
	return 2
}

func (v *vfs) ioMkdir(L *lua.LState) int {
	r, err := v.writable(checkString(L, 1, "mkdir"))
	if err == nil {
		err = os.Mkdir(r.host, 0o755)
	}
	return dirResult(L, err)
}

func (v *vfs) ioRmdir(L *lua.LState) int {
	r, err := v.writable(checkString(L, 1, "rmdir"))
	if err == nil && r.dev == "/" {
		err = ErrBadPath
	}
	if err == nil {
		err = os.Remove(r.host)
	}
	return dirResult(L, err)
}

// dirEntry is one io.lsdir result.
type dirEntry struct {
	name  string
	isDir bool
	size  int64
}

// list returns the entries of a device directory, sorted by name.
func (v *vfs) list(p string) ([]dirEntry, error) {
	r, err := v.resolve(p)
	if err != nil {
		return nil, err
	}
	var out []dirEntry
	if r.luadbDir {
		for name, host := range v.image() {
			size := int64(0)
			if st, err := os.Stat(host); err == nil {
				size = st.Size()
			}
			out = append(out, dirEntry{name: name, size: size})
		}
	} else {
		if r.readOnly {
			return nil, os.ErrNotExist
		}
		ents, err := os.ReadDir(r.host)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			info, err := e.Info()
			if err != nil {
				continue
			}
			out = append(out, dirEntry{name: e.Name(), isDir: e.IsDir(), size: info.Size()})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// ioLsdir is io.lsdir(path [, len [, offset]]) → true, {{name, type, size}}
// or false, code. len defaults to 10 (negative → 10, capped at 100).
func (v *vfs) ioLsdir(L *lua.LState) int {
	p := checkString(L, 1, "lsdir")
	n := optInteger(L, 2, "lsdir", 10)
	off := max(optInteger(L, 3, "lsdir", 0), 0)
	if n < 0 {
		n = 10
	}
	n = min(n, 100)
	ents, err := v.list(p)
	if err != nil {
		return dirResult(L, err)
	}
	tb := L.NewTable()
	for i := off; i < int64(len(ents)) && i < off+n; i++ {
		e := ents[i]
		row := L.NewTable()
		typ := 0
		if e.isDir {
			typ = 1
		}
		row.RawSetString("type", lua.LNumber(typ))
		row.RawSetString("name", lua.LString(e.name))
		row.RawSetString("size", lua.LNumber(e.size))
		tb.Append(row)
	}
	L.Push(lua.LTrue)
	L.Push(tb)
	return 2
}

// ioLsmount lists the emulator's two mounts (inferred names).
func ioLsmount(L *lua.LState) int {
	tb := L.NewTable()
	for _, m := range [][2]string{{"/", "lfs"}, {luadbPrefix, "luadb"}} {
		row := L.NewTable()
		row.RawSetString("path", lua.LString(m[0]))
		row.RawSetString("fs", lua.LString(m[1]))
		tb.Append(row)
	}
	L.Push(tb)
	return 1
}

// osRemove is os.remove(path) → true or nil, "<path>: <strerror>", errno.
func (v *vfs) osRemove(L *lua.LState) int {
	p := checkString(L, 1, "remove")
	r, err := v.writable(p)
	if err == nil {
		err = os.Remove(r.host)
	}
	if err != nil {
		return fileResult(L, p, err)
	}
	L.Push(lua.LTrue)
	return 1
}

// osRename is os.rename(from, to); both on the writable file system.
func (v *vfs) osRename(L *lua.LState) int {
	from, err := v.writable(checkString(L, 1, "rename"))
	to, err2 := v.writable(checkString(L, 2, "rename"))
	if err == nil {
		err = err2
	}
	if err == nil {
		err = os.Rename(from.host, to.host)
	}
	if err != nil {
		return fileResult(L, "", err)
	}
	L.Push(lua.LTrue)
	return 1
}
