package netif

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseSpec(t *testing.T) {
	n, c, err := ParseSpec("lwip_gp:latency=80ms,jitter=20ms,dist=normal,loss=1%,rate=2mbit,down=10s/60s")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Latency: 80 * time.Millisecond, Jitter: 20 * time.Millisecond, Dist: "normal",
		Loss: "1%", UpRate: 250000, DownRate: 250000, Down: "10s/60s"}
	if n != LWIPGP || c != want {
		t.Fatalf("got %s %+v, want LWIP_GP %+v", n, c, want)
	}
}

func TestParseSpecGEAndBareDown(t *testing.T) {
	_, c, err := ParseSpec("ETH0:loss=ge:1%,30%,0%,100%,retries=3,down")
	if err != nil {
		t.Fatal(err)
	}
	if c.Loss != "ge:1%,30%,0%,100%" || c.Retries != 3 || c.Down != "now" {
		t.Fatalf("got %+v", c)
	}
	ls, _ := parseLoss(c.Loss)
	if ls != (lossSpec{Kind: lossGE, P: 0.01, R: 0.30, H: 0, K: 1}) {
		t.Fatalf("ge spec %+v", ls)
	}
	// netem defaults for omitted parameters: r = 1-p, h = 0, k = 1.
	ls, _ = parseLoss("ge:5%")
	if ls != (lossSpec{Kind: lossGE, P: 0.05, R: 0.95, H: 0, K: 1}) {
		t.Fatalf("ge defaults %+v", ls)
	}
}

func TestParseSpecErrorsNameKey(t *testing.T) {
	cases := map[string]string{
		"LWIP_GP:latency=fast":               "latency",
		"LWIP_GP:dist=gauss":                 "dist",
		"LWIP_GP:loss=ge:1%,2%,3%,4%,5%":     "loss",
		"LWIP_GP:loss=150%":                  "loss",
		"LWIP_GP:rate=2 furlongs":            "rate",
		"LWIP_GP:mtu=20":                     "mtu",
		"LWIP_GP:drop=often":                 "drop",
		"LWIP_GP:down=60s/10s":               "down",
		"LWIP_GP:dnsfail=2":                  "dnsfail",
		"LWIP_GP:connfail=x":                 "connfail",
		"LWIP_GP:retries=-1":                 "retries",
		"LWIP_GP:colour=red":                 "unknown key",
		"LWIP_GP:profile=5g":                 "profile",
		"LWIP_GP:latency=1ms,latency=2ms":    "twice",
		"WLAN0:latency=1ms":                  "unknown interface",
		"LWIP_GP":                            "IFACE:key=value",
		"LWIP_GP:profile=lte-good,latency=0": "cannot override",
	}
	for in, want := range cases {
		_, _, err := ParseSpec(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseSpec(%q) = %v, want error containing %q", in, err, want)
		}
	}
}

func TestConfigStringRoundTrip(t *testing.T) {
	for _, s := range []string{
		"",
		"latency=80ms,jitter=20ms,dist=pareto,loss=ge:1%,30%,0%,100%,retries=4,uprate=64kB,downrate=2MB,mtu=576,drop=every:30s,down=10s/1m0s,dnsfail=10%,connfail=0.5%",
		"profile=lte-edge,latency=1s,rate=1kB",
		"drop=5%/min,down=now",
	} {
		_, c, err := ParseSpec("STA:" + s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if got := c.String(); got != s {
			t.Errorf("String() = %q, want %q", got, s)
		}
	}
}

func TestParseRate(t *testing.T) {
	cases := map[string]int64{"2mbit": 250000, "500kbit": 62500, "100kB": 100000, "1MB": 1000000,
		"64KiB": 65536, "1500": 1500, "10MB/s": 10000000, "0": 0, "8bit": 1}
	for in, want := range cases {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", in, got, err, want)
		}
		if back, _ := ParseRate(FormatRate(got)); back != got {
			t.Errorf("FormatRate(%d) = %q does not round-trip", got, FormatRate(got))
		}
	}
	for _, bad := range []string{"", "fast", "1bit", "-5kB", "1e20MB", "NaNkB"} {
		if _, err := ParseRate(bad); err == nil {
			t.Errorf("ParseRate(%q) succeeded", bad)
		}
	}
}

func TestPresetsCompile(t *testing.T) {
	for _, n := range PresetNames() {
		p, err := Preset(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := compile(p); err != nil {
			t.Errorf("preset %s: %v", n, err)
		}
	}
	if len(PresetNames()) != 7 {
		t.Fatalf("presets %v", PresetNames())
	}
}

func TestResolveOverlaysProfile(t *testing.T) {
	_, c, err := ParseSpec("LWIP_GP:profile=lte-good,latency=40ms")
	if err != nil {
		t.Fatal(err)
	}
	e, err := Resolve(c)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Preset("lte-good")
	want.Latency, want.Profile = 40*time.Millisecond, "lte-good"
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("Resolve = %+v, want %+v", e, want)
	}
}

func TestConfigureRejectsBadConfig(t *testing.T) {
	s := NewSet(nil)
	defer s.Close()
	ifc := s.Interface(LWIPGP)
	for _, c := range []Config{{Dist: "gauss"}, {Loss: "x"}, {MTU: 10}, {DNSFail: 2}, {Retries: -1}, {Down: "5s"}, {Latency: -1}} {
		if err := ifc.Configure(c); err == nil {
			t.Errorf("Configure(%+v) succeeded", c)
		}
	}
	if ifc.Config() != (Config{}) {
		t.Fatalf("a failed Configure changed the config: %+v", ifc.Config())
	}
}

// FuzzParseRate: no panic; what parses prints back to the same value.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"2mbit", "500kbit", "100kB", "1MB", "64KiB", "1500", "10MB/s", "1.5gbit", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			return
		}
		if r < 0 || r > maxRate {
			t.Fatalf("ParseRate(%q) = %d out of range", s, r)
		}
		if back, err := ParseRate(FormatRate(r)); err != nil || back != r {
			t.Fatalf("FormatRate(%d) = %q reads back as %d, %v", r, FormatRate(r), back, err)
		}
	})
}

// FuzzParseSpec: no panic, and whatever parses prints back to itself.
func FuzzParseSpec(f *testing.F) {
	f.Add("LWIP_GP:latency=80ms,jitter=20ms,dist=normal,loss=1%,rate=2mbit,down=10s/60s")
	f.Fuzz(func(t *testing.T, s string) {
		n, c, err := ParseSpec(s)
		if err != nil {
			return
		}
		n2, c2, err := ParseSpec(FormatSpec(n, c))
		if err != nil || n2 != n || c2 != c {
			t.Fatalf("round trip of %q: %q → %+v, %v; want %+v", s, FormatSpec(n, c), c2, err, c)
		}
		if _, err := compile(c); err != nil {
			t.Fatalf("ParseSpec accepted %q but compile rejects it: %v", s, err)
		}
	})
}
