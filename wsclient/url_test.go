package wsclient

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// TestParseURL checks the firmware's URL rules (luatos-semantics.md §1.2),
// quirks included.
func TestParseURL(t *testing.T) {
	long := strings.Repeat("h", 300)
	longPath := "/" + strings.Repeat("p", 300)
	for _, tc := range []struct {
		in   string
		want Target
	}{
		{"ws://echo.airtun.air32.cn:80/ws/echo", Target{false, "echo.airtun.air32.cn", 80, "/ws/echo"}},
		{"wss://h.example/x?a=1&b=%41", Target{true, "h.example", 443, "/x?a=1&b=%41"}},
		{"ws://h.example", Target{false, "h.example", 80, "/"}},
		{"ws://h.example:8080?x", Target{false, "h.example", 8080, "/"}}, // query lost with no '/'
		{"ws://a/x", Target{false, "a/x", 80, "/"}},                      // '/' at index 1: whole rest is host
		{"ws:///x", Target{false, "/x", 80, "/"}},                        // '/' at index 0
		{"ws://ab/x", Target{false, "ab", 80, "/x"}},
		{"WS://hh/x", Target{false, "WS", 80, "//hh/x"}}, // prefix is case-sensitive
		{"hh:81/x", Target{false, "hh", 81, "/x"}},       // no prefix: plain
		{"ws://hh:99999/x", Target{false, "hh", 34463, "/x"}},
		{"ws://hh:0/x", Target{false, "hh", 80, "/x"}},
		{"wss://hh:abc/x", Target{true, "hh", 443, "/x"}},
		{"ws://hh:123456/x", Target{false, "hh", 12345, "/x"}}, // atoi of 5 characters
		{"ws://hh:-1/x", Target{false, "hh", 65535, "/x"}},     // inferred: C int -1 stored as uint16
		{"ws://" + long, Target{false, long[:191], 80, "/"}},
		{"ws://hh" + longPath, Target{false, "hh", 80, longPath[:255]}},
	} {
		got, err := ParseURL(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseURL(%.40q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

// TestParseURLBad checks what Create refuses, each with a precise message.
func TestParseURLBad(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{"", "empty host"},
		{"ws://", "empty host"},
		{"ws://:80/x", "empty host"},
		{"ws://hh/x\ny", "control character 0x0a"},
		{"ws://hh/%zz", `path "/%zz"`},
	} {
		_, err := ParseURL(tc.in)
		if !errors.Is(err, ErrBadURL) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("ParseURL(%q) error %v, want ErrBadURL with %q", tc.in, err, tc.msg)
		}
		if _, err := Create(tc.in, nil); !errors.Is(err, ErrBadURL) {
			t.Errorf("Create(%q) error %v", tc.in, err)
		}
	}
}

// FuzzParseURL checks that any input either fails with ErrBadURL or gives a
// target within the firmware's bounds that the handshake can be built from.
// Seeds: testdata/fuzz/FuzzParseURL.
func FuzzParseURL(f *testing.F) {
	f.Add("ws://echo.airtun.air32.cn/ws/echo")
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseURL(s)
		if err != nil {
			if !errors.Is(err, ErrBadURL) {
				t.Fatalf("error %v is not ErrBadURL", err)
			}
			return
		}
		if tg.Host == "" || len(tg.Host) > maxHostLen || len(tg.Path) > maxPathLen ||
			tg.Port < 1 || tg.Port > 65535 || !strings.HasPrefix(tg.Path, "/") ||
			tg.TLS != strings.HasPrefix(s, "wss://") {
			t.Fatalf("ParseURL(%q) = %+v out of bounds", s, tg)
		}
		if _, err := url.Parse("ws://" + placeholderHost + tg.Path); err != nil {
			t.Fatalf("path %q cannot be requested: %v", tg.Path, err)
		}
	})
}
