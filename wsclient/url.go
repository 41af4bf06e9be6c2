package wsclient

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// URL limits of the firmware (luatos-semantics.md §1.2).
const (
	maxHostLen = 191 // host truncated to 191 bytes
	maxPathLen = 255 // path truncated to 255 bytes
	maxPortLen = 5   // atoi of at most 5 characters
)

// Target is where a URL points once parsed by the firmware's rules.
type Target struct {
	TLS  bool   // wss://
	Host string // as the firmware keeps it (may contain '/' by its quirk)
	Port int    // 1..65535, the scheme's default when absent or 0
	Path string // from the first '/', query kept verbatim
}

// Addr returns host:port for dialing.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// ParseURL splits s by the rules of luat_websocket_set_connopts
// (luatos-semantics.md §1.2):
//
//   - "wss://" means TLS and "ws://" plain, case-sensitive; any other prefix is
//     not stripped and the string is parsed as plain host[:port][/path];
//   - the path runs from the first '/' of the rest to the end, query kept; if
//     there is no '/' or it is at index 0 or 1, the path is "/" and the whole
//     rest is the host part (so "ws://a/x" has host "a/x");
//   - the first ':' before the path splits host from port; the port is the C
//     atoi of at most 5 characters, stored as uint16 (99999 wraps to 34463),
//     and 0 or non-numeric means 443 for wss, 80 for ws;
//   - host and path are truncated to 191 and 255 bytes.
//
// Rejected with ErrBadURL (emulator decisions, not firmware behaviour: the
// firmware would send such bytes and fail later): an empty host, control
// characters, and a path that net/http cannot put on a request line.
func ParseURL(s string) (Target, error) {
	var t Target
	rest := s
	switch {
	case strings.HasPrefix(s, "wss://"):
		t.TLS, rest = true, s[len("wss://"):]
	case strings.HasPrefix(s, "ws://"):
		rest = s[len("ws://"):]
	}
	hostPart := rest
	t.Path = "/"
	if i := strings.IndexByte(rest, '/'); i > 1 {
		hostPart, t.Path = rest[:i], truncate(rest[i:], maxPathLen)
	}
	portText := ""
	if i := strings.IndexByte(hostPart, ':'); i >= 0 {
		hostPart, portText = hostPart[:i], hostPart[i+1:]
	}
	t.Host = truncate(hostPart, maxHostLen)
	t.Port = int(uint16(atoi(truncate(portText, maxPortLen))))
	if t.Port == 0 {
		t.Port = 80
		if t.TLS {
			t.Port = 443
		}
	}
	return t, t.validate(s)
}

// validate rejects what the emulator cannot put on the wire.
func (t Target) validate(raw string) error {
	if t.Host == "" {
		return fmt.Errorf("%w: %q: empty host", ErrBadURL, raw)
	}
	for i := 0; i < len(raw); i++ {
		if b := raw[i]; b < 0x20 || b == 0x7f {
			return fmt.Errorf("%w: %q: control character 0x%02x at byte %d", ErrBadURL, raw, b, i)
		}
	}
	if _, err := url.ParseRequestURI(t.Path); err != nil {
		return fmt.Errorf("%w: %q: path %q: %w", ErrBadURL, raw, t.Path, err)
	}
	return nil
}

// atoi is C's atoi: optional leading spaces and sign, then digits up to the
// first non-digit; 0 when there are none.
func atoi(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	n := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
	}
	if neg {
		return -n
	}
	return n
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
