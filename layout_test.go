// Package layout_test checks the import rules of DESIGN.md "Layout": which
// project packages and third-party modules each top-level folder may import.
package layout_test

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/air780emu/air780emu"

// allowed maps a package-path prefix (relative to the module) to the import
// prefixes (project-relative for ours, full for third-party) it may depend on,
// directly or not. The standard library is always allowed.
var allowed = map[string][]string{
	"atcmd":    {},
	"netif":    {},
	"boards":   {},
	"wsclient": {"github.com/coder/websocket"},
	"emulator": {"atcmd", "netif", "wsclient", "boards", "emulator", "github.com/yuin/gopher-lua", "github.com/coder/websocket"},
}

type pkg struct {
	ImportPath string
	Deps       []string
	Standard   bool
}

func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps=false", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		top, _, _ := strings.Cut(rel, "/")
		rules, ok := allowed[top]
		if !ok {
			continue
		}
		checked++
		for _, d := range p.Deps {
			if err := checkDep(top, d, rules); err != "" {
				t.Errorf("%s imports %s: %s", p.ImportPath, d, err)
			}
		}
	}
	if checked < len(allowed) {
		t.Fatalf("checked %d packages, want at least %d", checked, len(allowed))
	}
}

// checkDep returns why dep is not allowed for a package in folder top, or "".
func checkDep(top, dep string, rules []string) string {
	if !strings.Contains(strings.SplitN(dep, "/", 2)[0], ".") {
		return "" // standard library
	}
	if strings.HasPrefix(dep, module+"/cmd") {
		return "nothing imports cmd/"
	}
	if rel, ok := strings.CutPrefix(dep, module+"/"); ok {
		depTop, _, _ := strings.Cut(rel, "/")
		if depTop == top {
			return ""
		}
		for _, r := range rules {
			if r == depTop {
				return ""
			}
		}
		return "not in the allowed project packages " + strings.Join(rules, ",")
	}
	for _, r := range rules {
		if strings.HasPrefix(dep, r) {
			return ""
		}
	}
	if strings.HasPrefix(dep, "golang.org/x/") {
		return "" // x/sys etc. pulled in by allowed modules
	}
	return "third-party module not allowed here"
}
