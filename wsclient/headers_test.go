package wsclient

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestHeaderRefusals: the firmware's refusals (§1.10) keep the old headers.
func TestHeaderRefusals(t *testing.T) {
	logs := newLogSink()
	c := mustCreate(t, "ws://hh/x", &Options{Quirks: Firmware, Logf: logs.logf})
	if err := c.SetHeaders([][2]string{{"Keep", "me"}}); err != nil {
		t.Fatal(err)
	}
	for _, pairs := range [][][2]string{
		{{"", "v"}},
		{{"n", ""}},
		{{"n", strings.Repeat("v", 256)}},
		{{"Bad Name", "v"}},
		{{"A", strings.Repeat("v", 250)}, {"B", strings.Repeat("v", 250)}, {"C", strings.Repeat("v", 250)}, {"D", strings.Repeat("v", 250)}, {"E", strings.Repeat("v", 250)}}, // 1270 bytes > 1024
	} {
		if err := c.SetHeaders(pairs); !errors.Is(err, ErrBadHeader) {
			t.Errorf("%.30q: %v", pairs, err)
		}
	}
	for _, s := range []string{strings.Repeat("x", 1024), "no colon here\r\n", "X: a\x00b\r\n"} {
		if err := c.SetHeaderString(s); !errors.Is(err, ErrBadHeader) {
			t.Errorf("%.30q: %v", s, err)
		}
	}
	if got := c.header.Get("Keep"); got != "me" {
		t.Fatalf("old headers lost: %v", c.header)
	}
	logs.waitLine(t, "W/websocket headers too large size 1024")
	logs.waitLine(t, "W/websocket bad header :v")
}

// FuzzSetHeaderString: any input is refused with ErrBadHeader or gives
// headers net/http accepts. Seeds: testdata/fuzz/FuzzSetHeaderString.
func FuzzSetHeaderString(f *testing.F) {
	f.Add("Auth: Basic x\r\nX-Y:z\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Create("ws://hh/x", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.SetHeaderString(s); err != nil {
			if !errors.Is(err, ErrBadHeader) {
				t.Fatalf("error %v", err)
			}
			return
		}
		req, _ := http.NewRequest("GET", "http://h/", nil)
		req.Header = c.header
		if err := req.Write(new(strings.Builder)); err != nil {
			t.Fatalf("accepted headers %q that HTTP cannot write: %v", s, err)
		}
	})
}
