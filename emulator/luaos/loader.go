package luaos

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"sync"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// maxSource bounds one script file (the largest script area is 512 KiB,
// §5; four times that leaves room for comments).
const maxSource = 2 << 20

// loadChunk reads and compiles one project file. file is its basename;
// the chunk is named [string "file"] as on the device (§3.1).
func (v *vm) loadChunk(path, file string) (*lua.LFunction, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", file, err)
	}
	if st.Size() > maxSource {
		return nil, fmt.Errorf("%s: %d bytes, larger than %d", file, st.Size(), maxSource)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", file, err)
	}
	return v.compileCached(src, file, chunkName(file))
}

// chunkName is the device's chunk name for a script or the REPL.
func chunkName(file string) string { return `[string "` + file + `"]` }

// compile loads Lua source: CRLF line ends are accepted (the demos ship
// some, §2.1), a UTF-8 BOM is dropped, and a syntax error caused by a Lua
// 5.3 operator is reported as such (explain53).
func (v *vm) compile(src []byte, file, chunk string) (*lua.LFunction, error) {
	proto, err := compileProto(src, file, chunk)
	if err != nil {
		return nil, err
	}
	return v.L.NewFunctionFromProto(proto), nil
}

// compileCached is compile through a process-wide cache of compiled
// chunks keyed by name and content: a fleet of devices running one
// project, and every reboot, share one FunctionProto per file (protos are
// read-only after compilation; gopher-lua's README shares them the same
// way). Compiling sys.lua per state cost about 450 KiB per device.
func (v *vm) compileCached(src []byte, file, chunk string) (*lua.LFunction, error) {
	key := sha256.Sum256(append([]byte(chunk+"\x00"), src...))
	protoCache.mu.Lock()
	proto, ok := protoCache.m[key]
	protoCache.mu.Unlock()
	if !ok {
		var err error
		if proto, err = compileProto(src, file, chunk); err != nil {
			return nil, err
		}
		protoCache.mu.Lock()
		if len(protoCache.m) >= maxCachedProtos {
			clear(protoCache.m) // bounded: start over rather than grow
		}
		protoCache.m[key] = proto
		protoCache.mu.Unlock()
	}
	return v.L.NewFunctionFromProto(proto), nil
}

// maxCachedProtos bounds the compiled-chunk cache.
const maxCachedProtos = 512

var protoCache = struct {
	mu sync.Mutex
	m  map[[32]byte]*lua.FunctionProto
}{m: map[[32]byte]*lua.FunctionProto{}}

// compileProto parses and compiles one chunk.
func compileProto(src []byte, file, chunk string) (*lua.FunctionProto, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	ast, err := parse.Parse(bytes.NewReader(src), chunk)
	if err != nil {
		return nil, explain53(file, src, err)
	}
	proto, err := lua.Compile(ast, chunk)
	if err != nil {
		return nil, explain53(file, src, err)
	}
	return proto, nil
}

// installRequire makes require resolve modules by basename across the
// project's folders, as Luatools' flat script image does (§2.1): the
// loaders are package.preload and the project index; the host's
// package.path is never searched.
func (v *vm) installRequire() {
	L := v.L
	pkg, ok := L.GetGlobal("package").(*lua.LTable)
	if !ok {
		return
	}
	loaders := L.NewTable()
	if old, ok := pkg.RawGetString("loaders").(*lua.LTable); ok {
		loaders.Append(old.RawGetInt(1)) // package.preload
	}
	loaders.Append(L.NewFunction(v.loadModule))
	pkg.RawSetString("loaders", loaders)
	L.SetField(L.Get(lua.RegistryIndex), "_LOADERS", loaders)
	pkg.RawSetString("path", lua.LString("/luadb/?.lua;/luadb/?.luac"))
}

// loadModule is the project loader: module name → compiled file, or the
// "no file" note require collects.
func (v *vm) loadModule(L *lua.LState) int {
	name := L.CheckString(1)
	path, ok := v.rt.proj.files[name]
	if !ok || len(name) > 48 {
		L.Push(lua.LString(fmt.Sprintf("\n\tno file '/luadb/%s.luac'\n\tno file '/luadb/%s.lua'", name, name)))
		return 1
	}
	fn, err := v.loadChunk(path, name+".lua")
	if err != nil {
		L.RaiseError("error loading module '%s' from file '/luadb/%s.lua':\n\t%s", name, name, err.Error())
	}
	L.Push(fn)
	return 1
}
