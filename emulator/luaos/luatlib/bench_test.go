package luatlib_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/air780emu/air780emu/emulator/luaos/luatlib"
	lua "github.com/yuin/gopher-lua"
)

// benchDoc is a typical device message: the demo's echo request plus a
// small sensor array.
const benchDoc = `{"action":"echo","device_id":"864317081553409","msg":"Thu 2025-09-04 19:46:19","vals":[1,2,3,4,5,6,7,8],"ok":true}`

// interleave runs ours and base alternately in blocks of 64 iterations, so
// that load changes on the shared 2-vCPU machine hit both alike, and
// reports both per-op times and their ratio ours/base. The benchmark's
// own ns/op covers both.
func interleave(b *testing.B, oursName, baseName string, ours, base func()) {
	var tOurs, tBase time.Duration
	for done := 0; done < b.N; {
		n := min(64, b.N-done)
		start := time.Now()
		for i := 0; i < n; i++ {
			ours()
		}
		mid := time.Now()
		for i := 0; i < n; i++ {
			base()
		}
		tOurs += mid.Sub(start)
		tBase += time.Since(mid)
		done += n
	}
	b.ReportMetric(float64(tOurs.Nanoseconds())/float64(b.N), oursName+"-ns/op")
	b.ReportMetric(float64(tBase.Nanoseconds())/float64(b.N), baseName+"-ns/op")
	b.ReportMetric(float64(tOurs)/float64(tBase), "ratio")
}

// BenchmarkJSONEncode: EncodeJSON of benchDoc's Lua table against
// encoding/json.Marshal of the same document as map[string]any.
func BenchmarkJSONEncode(b *testing.B) {
	L := lua.NewState()
	defer L.Close()
	luatlib.Open(L, nil)
	v, err := luatlib.DecodeJSON(L, benchDoc)
	if err != nil {
		b.Fatal(err)
	}
	var gv map[string]any
	if err := json.Unmarshal([]byte(benchDoc), &gv); err != nil {
		b.Fatal(err)
	}
	interleave(b, "luatlib", "stdlib",
		func() {
			if _, err := luatlib.EncodeJSON(v, luatlib.JSONOptions{}); err != nil {
				b.Fatal(err)
			}
		},
		func() {
			if _, err := json.Marshal(gv); err != nil {
				b.Fatal(err)
			}
		})
}

// BenchmarkJSONDecode: DecodeJSON into Lua tables against
// encoding/json.Unmarshal into map[string]any.
func BenchmarkJSONDecode(b *testing.B) {
	L := lua.NewState()
	defer L.Close()
	luatlib.Open(L, nil)
	interleave(b, "luatlib", "stdlib",
		func() {
			if _, err := luatlib.DecodeJSON(L, benchDoc); err != nil {
				b.Fatal(err)
			}
		},
		func() {
			var gv map[string]any
			if err := json.Unmarshal([]byte(benchDoc), &gv); err != nil {
				b.Fatal(err)
			}
		})
}

// BenchmarkJSONEncodeLua: json.encode called from Lua (a script's path)
// against a Go function returning "" called the same way.
func BenchmarkJSONEncodeLua(b *testing.B) {
	L := lua.NewState()
	defer L.Close()
	luatlib.Open(L, nil)
	if err := L.DoString(`doc = json.decode('` + benchDoc + `')`); err != nil {
		b.Fatal(err)
	}
	noop := L.NewFunction(func(L *lua.LState) int { L.Push(lua.LString("")); return 1 })
	enc, doc := L.GetField(L.GetGlobal("json"), "encode"), L.GetGlobal("doc")
	call := func(fn lua.LValue) {
		if err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, doc); err != nil {
			b.Fatal(err)
		}
		L.Pop(1)
	}
	interleave(b, "json.encode", "noop-call", func() { call(enc) }, func() { call(noop) })
}

// BenchmarkFormatValue: LuatOS number formatting against
// strconv-based fmt.Sprint of the same float64.
func BenchmarkFormatValue(b *testing.B) {
	vals := []lua.LValue{lua.LNumber(1), lua.LNumber(3.14), lua.LNumber(-2147483648), lua.LNumber(1e10)}
	i := 0
	interleave(b, "FormatValue", "lvString",
		func() { _ = luatlib.FormatValue(vals[i%4]); i++ },
		func() { _ = vals[i%4].String(); i++ })
}
