package wsclient

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func (rs *rawServer) request(t *testing.T) string {
	t.Helper()
	select {
	case r := <-rs.requests:
		return r
	case <-time.After(waitEvent):
		t.Fatal("no handshake request")
	}
	return ""
}

func (rs *rawServer) frame(t *testing.T) frame {
	t.Helper()
	select {
	case f := <-rs.frames:
		return f
	case <-time.After(waitEvent):
		t.Fatal("no frame")
	}
	return frame{}
}

func (f frame) String() string {
	return fmt.Sprintf("fin=%d op=%d %q", b2i(f.fin), f.opcode, f.payload)
}

// TestWireFragmentsSpec checks the frames of the seed's fragmented send in
// Spec mode: FIN=0 text "123", FIN=0 continuation "456" and "789", then the
// empty FIN=1 continuation coder/websocket adds (anchors.md §C.1); all
// masked (RFC 6455 §5.3).
func TestWireFragmentsSpec(t *testing.T) {
	rs := newRawServer(t)
	c := mustCreate(t, "ws://"+rs.addr()+"/p", nil)
	connect(t, c)
	for i, p := range []string{"123", "456", "789"} {
		if err := c.Send([]byte(p), i == 2, 0); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{`fin=0 op=1 "123"`, `fin=0 op=0 "456"`, `fin=0 op=0 "789"`, `fin=1 op=0 ""`}
	for _, w := range want {
		f := rs.frame(t)
		if f.String() != w || !f.masked {
			t.Fatalf("frame %v (masked %v), want %s", f, f.masked, w)
		}
	}
	expect(t, c, "sent", "sent", "sent")
}

// TestWireFirmwareSend checks the Firmware quirk of §1.6: FIN is always 1,
// the opcode argument 1 selects binary and anything else text, so the seed's
// "send("123",0) send("456",0) send("789",1)" is two text frames and one
// binary frame.
func TestWireFirmwareSend(t *testing.T) {
	rs := newRawServer(t)
	c := mustCreate(t, "ws://"+rs.addr()+"/p", &Options{Quirks: Firmware})
	connect(t, c)
	c.Send([]byte("123"), false, 0)
	c.Send([]byte("456"), false, 0)
	c.Send([]byte("789"), false, 1)
	c.Send([]byte("abc"), true, 7)
	for _, w := range []string{`fin=1 op=1 "123"`, `fin=1 op=1 "456"`, `fin=1 op=2 "789"`, `fin=1 op=1 "abc"`} {
		if f := rs.frame(t); f.String() != w {
			t.Fatalf("frame %v, want %s", f, w)
		}
	}
}

// TestWireHandshake checks the request line and headers: path and query
// verbatim, Host with the port always under Firmware quirks (§1.3) and
// without the default port in Spec, table headers percent-encoded under
// Firmware (§1.10) and unchanged in Spec, string headers verbatim.
func TestWireHandshake(t *testing.T) {
	rs := newRawServer(t)
	port := rs.addr()[strings.LastIndexByte(rs.addr(), ':')+1:]
	for _, tc := range []struct {
		q        Quirks
		url      string
		pairs    [][2]string
		str      string
		wantLine []string
	}{
		{Firmware, "ws://127.0.0.1:" + port + "/a/b?x=1&y=%41", [][2]string{{"Auth", "Basic A*B-C.D_E"}}, "",
			[]string{"GET /a/b?x=1&y=%41 HTTP/1.1", "Host: 127.0.0.1:" + port, "Auth: Basic%20A%2AB%2DC%2ED%5FE"}},
		{Spec, "ws://127.0.0.1:" + port + "/q", [][2]string{{"Auth", "Basic A*B"}}, "",
			[]string{"GET /q HTTP/1.1", "Host: 127.0.0.1:" + port, "Auth: Basic A*B"}},
		{Firmware, "ws://127.0.0.1:" + port + "/s", nil, "X-One: 1 2\r\nX-Two:b.c\r\n",
			[]string{"GET /s HTTP/1.1", "X-One: 1 2", "X-Two: b.c"}},
	} {
		c := mustCreate(t, tc.url, &Options{Quirks: tc.q})
		var err error
		if tc.pairs != nil {
			err = c.SetHeaders(tc.pairs)
		} else {
			err = c.SetHeaderString(tc.str)
		}
		if err != nil {
			t.Fatal(err)
		}
		connect(t, c)
		req := rs.request(t)
		lines := strings.Split(req, "\r\n")
		for _, w := range tc.wantLine {
			found := false
			for _, l := range lines {
				found = found || l == w
			}
			if !found {
				t.Errorf("%s: no line %q in\n%s", tc.url, w, req)
			}
		}
		if lines[0] != tc.wantLine[0] {
			t.Errorf("request line %q", lines[0])
		}
		c.Close()
	}
}

// TestHostHeaderSpecDefaultPort: Spec omits the default port from Host,
// Firmware always sends it. Checked on hostHeader, since a test cannot
// listen on port 80.
func TestHostHeaderSpecDefaultPort(t *testing.T) {
	for _, tc := range []struct {
		q    Quirks
		url  string
		want string
	}{
		{Spec, "ws://hh/x", "hh"}, {Firmware, "ws://hh/x", "hh:80"},
		{Spec, "wss://hh/x", "hh"}, {Firmware, "wss://hh/x", "hh:443"},
		{Spec, "ws://hh:81/x", "hh:81"}, // (a one-letter host before / is the firmware quirk of §1.2)
	} {
		c := mustCreate(t, tc.url, &Options{Quirks: tc.q})
		if got := c.hostHeader(); got != tc.want {
			t.Errorf("%v %s: Host %q, want %q", tc.q, tc.url, got, tc.want)
		}
	}
}
