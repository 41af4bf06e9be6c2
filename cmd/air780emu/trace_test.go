package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rwPair is an io.ReadWriter reading from r and writing to w.
type rwPair struct {
	r *bytes.Reader
	w *bytes.Buffer
}

func (p rwPair) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p rwPair) Write(b []byte) (int, error) { return p.w.Write(b) }

// TestTraceFormat: exact lines, both directions, escapes, fixed clock.
func TestTraceFormat(t *testing.T) {
	var out bytes.Buffer
	inner := rwPair{bytes.NewReader([]byte("AT\\\x00\x1a\r")), &bytes.Buffer{}}
	tr := newTracer(inner, &out)
	clock := time.Date(2026, 11, 22, 0, 0, 0, 123456789, time.FixedZone("X", 3600))
	tr.now = func() time.Time { clock = clock.Add(time.Microsecond); return clock }
	tr.Read(make([]byte, 64))
	tr.Write([]byte("\r\nOK\r\n\t\xff"))
	want := "2026-11-21T23:00:00.123457Z > AT\\\\\\x00\\x1a\\r\n" +
		"2026-11-21T23:00:00.123458Z < \\r\\nOK\\r\\n\\t\\xff\n"
	if out.String() != want {
		t.Fatalf("transcript:\n%q\nwant\n%q", out.String(), want)
	}
	if inner.w.String() != "\r\nOK\r\n\t\xff" {
		t.Fatalf("data path altered: %q", inner.w.String())
	}
}

// TestTraceRoundTrip: unescapeTrace inverts appendEscaped for every byte.
func TestTraceRoundTrip(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	if got := unescapeTrace(string(appendEscaped(nil, all))); !bytes.Equal(got, all) {
		t.Fatalf("round trip: %q", got)
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrPermission }

// TestTraceErrorKeepsData: a failing transcript never fails the data path;
// Err reports the first error.
func TestTraceErrorKeepsData(t *testing.T) {
	inner := rwPair{bytes.NewReader(nil), &bytes.Buffer{}}
	tr := newTracer(inner, failWriter{})
	if n, err := tr.Write([]byte("OK")); n != 2 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if tr.Err() != os.ErrPermission {
		t.Fatalf("Err = %v", tr.Err())
	}
}

// TestTraceThroughPTY: -trace through the real PTY records the host's
// command and the module's answer, in order.
func TestTraceThroughPTY(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trace.log")
	r := startApp(t, fakeApp(), "-trace", path, "-seed", "1")
	h := openHost(t, r.Addr)
	h.Write([]byte("AT\r"))
	readN(t, h, 6, 2*time.Second)
	h.Close()
	r.Stop(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var dirs, payload []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.SplitN(l, " ", 3)
		if len(f) != 3 {
			t.Fatalf("line %q: want TIME DIR DATA", l)
		}
		if _, err := time.Parse(traceTimeFormat, f[0]); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		dirs = append(dirs, f[1])
		payload = append(payload, f[1]+string(unescapeTrace(f[2])))
	}
	joined := strings.Join(payload, "")
	if !strings.HasPrefix(joined, ">AT") || !strings.HasSuffix(joined, "<\r\nOK\r\n") {
		t.Fatalf("transcript %q (dirs %v)", joined, dirs)
	}
}

// ExampleAppendEscaped shows the transcript's escaping of a command, its
// answer and a Ctrl-Z.
func Example_appendEscaped() {
	fmt.Println(string(appendEscaped(nil, []byte("AT+CSQ\r\r\n+CSQ: 24,0\r\n\x1a"))))
	// Output: AT+CSQ\r\r\n+CSQ: 24,0\r\n\x1a
}

// unescapeTrace reverses appendEscaped (tests read transcripts back with it).
func unescapeTrace(s string) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			out = append(out, s[i])
			continue
		}
		i++
		switch s[i] {
		case 'r':
			out = append(out, '\r')
		case 'n':
			out = append(out, '\n')
		case 't':
			out = append(out, '\t')
		case 'x':
			if i+2 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					out = append(out, byte(v))
					i += 2
					continue
				}
			}
			out = append(out, '\\', 'x')
		default:
			out = append(out, s[i])
		}
	}
	return out
}
