package main

import (
	"strings"
	"testing"
)

// FuzzDecodeConfig: any -config content gives settings or a one-line error,
// never a panic; accepted settings validate or fail with a one-line error.
func FuzzDecodeConfig(f *testing.F) {
	f.Add("board: Air780E\nport: tcp://127.0.0.1:7000\n")
	f.Add("net:\n  - LWIP_GP:latency=80ms\nhosts:\n  a.b: 1.2.3.4:5\n")
	f.Add("seed: -1\npace: true\nbaud: 921600\n")
	f.Fuzz(func(t *testing.T, data string) {
		s, err := decodeConfig([]byte(data), defaults())
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if _, err := resolve(s); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
	})
}

// FuzzParsePortSpec: any -port value parses or fails with a usageError;
// what parses prints back to a value that parses to the same spec.
func FuzzParsePortSpec(f *testing.F) {
	for _, s := range []string{"pty", "tcp://127.0.0.1:0", "tcp://[::1]:7000", "/dev/ttyUSB0", "tcp://:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		ps, err := parsePortSpec(v)
		if err != nil {
			if _, ok := err.(*usageError); !ok {
				t.Fatalf("error %T %v, want *usageError", err, err)
			}
			return
		}
		again, err := parsePortSpec(ps.String())
		if err != nil || again != ps {
			t.Fatalf("%q → %v → %q → %v, %v", v, ps, ps.String(), again, err)
		}
	})
}
