package wsclient

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrBadHeader is returned by SetHeaders and SetHeaderString for headers the
// firmware refuses (luatos-semantics.md §1.10) or HTTP cannot carry.
var ErrBadHeader = errors.New("wsclient: bad header")

// Header limits of wsc:headers (luatos-semantics.md §1.10).
const (
	maxHeaderString = 1023 // string form
	maxHeaderBudget = 1024 // table form, all "name:value\r\n" lines together
	maxHeaderPair   = 256  // table form, len(name)+len(value)
)

// SetHeaders sets extra handshake headers from name/value pairs, replacing
// any previous ones; they apply to the next (re)connect.
//
// Firmware quirks: each value has '*', '-', '.', '_' and ' ' percent-encoded
// (%2A %2D %2E %5F %20) as the firmware does, so {Auth="Basic X"} arrives as
// "Auth: Basic%20X". Spec: values are sent unchanged. In both modes an empty
// name or value, name+value over 256 bytes or more than 1024 bytes in total is
// refused and the old headers are kept, as in the firmware.
//
// Deviation: the firmware writes "name:value" with no space after the colon;
// net/http writes "Name: value" (canonical name, one space). HTTP servers parse
// both the same way.
func (c *Client) SetHeaders(pairs [][2]string) error {
	h := http.Header{}
	total := 0
	for _, p := range pairs {
		name, value := p[0], p[1]
		if name == "" || value == "" || len(name)+len(value) > maxHeaderPair {
			c.logf("W/websocket bad header %s:%s", name, value)
			return fmt.Errorf("%w: %q: empty, or name+value over %d bytes", ErrBadHeader, name, maxHeaderPair)
		}
		if c.opts.Quirks == Firmware {
			value = PercentEncodeValue(value)
		}
		total += len(name) + 1 + len(value) + 2
		if total > maxHeaderBudget {
			c.logf("W/websocket bad header %s:%s, too large", name, value)
			return fmt.Errorf("%w: %q: headers over %d bytes", ErrBadHeader, name, maxHeaderBudget)
		}
		if err := checkHeader(name, value); err != nil {
			return err
		}
		h.Add(name, value)
	}
	c.setHeader(h)
	return nil
}

// SetHeaderString sets extra handshake headers from a CRLF-separated block of
// "Name: value" lines, verbatim (no encoding in either mode), at most 1023
// bytes; it replaces any previous headers. An empty string clears them.
func (c *Client) SetHeaderString(s string) error {
	if len(s) > maxHeaderString {
		c.logf("W/websocket headers too large size %d", len(s))
		return fmt.Errorf("%w: %d bytes, max %d", ErrBadHeader, len(s), maxHeaderString)
	}
	h := http.Header{}
	for _, line := range strings.Split(s, "\r\n") {
		if line == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return fmt.Errorf("%w: line %q has no ':'", ErrBadHeader, line)
		}
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if err := checkHeader(name, value); err != nil {
			return err
		}
		h.Add(name, value)
	}
	c.setHeader(h)
	return nil
}

func (c *Client) setHeader(h http.Header) {
	c.mu.Lock()
	c.header = h
	c.mu.Unlock()
}

// PercentEncodeValue encodes a header value as the firmware's table form of
// wsc:headers does: only '*', '-', '.', '_' and ' ' become %2A, %2D, %2E, %5F
// and %20 (luatos-semantics.md §1.10); every other byte is kept.
func PercentEncodeValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch ch := v[i]; ch {
		case '*', '-', '.', '_', ' ':
			fmt.Fprintf(&b, "%%%02X", ch)
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// checkHeader rejects what net/http would refuse at dial time, so the error
// comes from SetHeaders rather than as a connect error later.
func checkHeader(name, value string) error {
	if name == "" {
		return fmt.Errorf("%w: empty name", ErrBadHeader)
	}
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return fmt.Errorf("%w: name %q: byte 0x%02x is not an HTTP token character", ErrBadHeader, name, name[i])
		}
	}
	for i := 0; i < len(value); i++ {
		if b := value[i]; (b < 0x20 && b != '\t') || b == 0x7f {
			return fmt.Errorf("%w: %s: value has control byte 0x%02x", ErrBadHeader, name, b)
		}
	}
	return nil
}

// isTokenChar reports whether b may appear in an HTTP field name (RFC 9110 §5.6.2).
func isTokenChar(b byte) bool {
	if b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}
