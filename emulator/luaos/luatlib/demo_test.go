package luatlib_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDemoSnippets runs, from a real script file, the library calls the
// LuatOS websocket demo makes (reference §2.1): the sender's echo message,
// the uart_app's toHex of received bytes, the receiver's decode, the
// sntp_app's date calls.
func TestDemoSnippets(t *testing.T) {
	env, _ := fsEnv(t)
	script := filepath.Join(env.ScriptDir, "demo.lua")
	src := "local msg = json.encode({action=\"echo\", msg=os.date(\"%a %Y-%m-%d %H:%M:%S\")})\r\n" +
		"local data = json.decode(msg)\r\n" +
		"local hex, n = (\"echo\\r\\n\"):toHex()\r\n" +
		"local d = os.date(\"*t\")\r\n" +
		"return msg, data.action, data.msg, hex, n, os.date(), os.date(\"!%c\"), d.year, os.time()\r\n"
	must(t, os.WriteFile(script, []byte(src), 0o644))
	L := newState(t, env)
	top := L.GetTop()
	if err := L.DoFile(script); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := top + 1; i <= L.GetTop(); i++ {
		got = append(got, L.Get(i).String())
	}
	want := []string{`{"action":"echo","msg":"Thu 2025-09-04 19:46:19"}`, "echo", "Thu 2025-09-04 19:46:19",
		"6563686F0D0A", "12", "Thu Sep  4 19:46:19 2025", "Thu Sep  4 19:46:19 2025", "2025", "1757015179"}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d = %q, want %q", i+1, got[i], want[i])
		}
	}
}
