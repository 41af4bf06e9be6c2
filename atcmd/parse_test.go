package atcmd_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/air780emu/air780emu/atcmd"
)

// render prints commands as "NAME kind [args]" for table comparisons.
func render(cmds []atcmd.Cmd) string {
	kinds := []string{"exec", "read", "test", "set"}
	var parts []string
	for _, c := range cmds {
		s := c.Name + " " + kinds[c.Kind]
		for _, a := range c.Args {
			switch {
			case a.Empty:
				s += " <>"
			case a.Quoted:
				s += fmt.Sprintf(" %q", a.Text)
			default:
				s += " " + a.Text
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " | ")
}

func TestParseLine(t *testing.T) {
	cases := []struct{ line, want string }{
		{"AT", ""},
		{"at+csq", "+CSQ exec"},
		{"AT+CREG?", "+CREG read"},
		{"AT+CMEE=?", "+CMEE test"},
		{"AT+CMEE= ?", "+CMEE test"},
		{"AT+CMEE=2", "+CMEE set 2"},
		{"AT+CMEE=", "+CMEE set <>"},
		{"ATE0V1Q0", "E set 0 | V set 1 | Q set 0"},
		{"ATE", "E exec"},
		{"ATI", "I exec"},
		{"ATE?", "E read"},
		{"AT&W", "&W exec"},
		{"AT&f0", "&F set 0"},
		{"ATS3=13", "S3 set 13"},
		{"ATS03?", "S3 read"},
		{"ATS5=?", "S5 test"},
		{"ATS3", "S3 exec"},
		{"ATD10086;", "D set 10086;"},
		{"AT+IPR=115200;&W", "+IPR set 115200 | &W exec"},
		{"AT+CSQ;+CREG?;E0", "+CSQ exec | +CREG read | E set 0"},
		{"AT^HVER;*I", "^HVER exec | *I exec"},
		{`AT+X=1,,"a,b;C", x y ,`, `+X set 1 <> "a,b;C" x y <>`},
		{`AT+CIPSTART="TCP",112.125.89.8,46466`, `+CIPSTART set "TCP" 112.125.89.8 46466`},
		{`AT+X=""`, `+X set ""`},
		{"AT ; +CSQ ;", "+CSQ exec"},
	}
	for _, tc := range cases {
		cmds, err := atcmd.ParseLine(tc.line)
		if err != nil {
			t.Errorf("ParseLine(%q): %v", tc.line, err)
			continue
		}
		if got := render(cmds); got != tc.want {
			t.Errorf("ParseLine(%q) = %s, want %s", tc.line, got, tc.want)
		}
	}
}

func TestParseLineErrors(t *testing.T) {
	for _, line := range []string{
		`AT+X="open`, `AT+X=a"b`, `AT+X="a"b`, "AT+", "AT+CSQ?x", "AT+CSQ=?1", "ATS", "ATS1234",
		"AT&", "AT&1", "AT@", "AT+CSQ E0", "AT\x00",
	} {
		_, err := atcmd.ParseLine(line)
		var se *atcmd.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseLine(%q) = %v, want a *SyntaxError", line, err)
		}
	}
	for _, line := range []string{"", "A", "xAT", "TA"} {
		if _, err := atcmd.ParseLine(line); !errors.Is(err, atcmd.ErrNoAT) {
			t.Errorf("ParseLine(%q) = %v, want ErrNoAT", line, err)
		}
	}
}

func TestArgHelpers(t *testing.T) {
	cmds, err := atcmd.ParseLine(`AT+X=5,,"7",abc,-3`)
	if err != nil {
		t.Fatal(err)
	}
	c := &cmds[0]
	if v, err := c.Int(0, 0, 9); v != 5 || err != nil {
		t.Errorf("Int(0) = %d, %v", v, err)
	}
	for _, i := range []int{1, 2, 3, 5, -1} { // empty, quoted, text, missing, negative index
		if _, err := c.Int(i, 0, 9); !isCME(err, 53) {
			t.Errorf("Int(%d) error %v, want CME 53", i, err)
		}
	}
	if _, err := c.Int(0, 6, 9); !isCME(err, 53) {
		t.Errorf("Int out of range: %v", err)
	}
	if v, err := c.Int(4, -5, 0); v != -3 || err != nil {
		t.Errorf("Int(4) = %d, %v", v, err)
	}
	if v, err := c.IntOr(1, 42, 0, 99); v != 42 || err != nil {
		t.Errorf("IntOr(empty) = %d, %v", v, err)
	}
	if v, err := c.IntOr(9, 42, 0, 99); v != 42 || err != nil {
		t.Errorf("IntOr(missing) = %d, %v", v, err)
	}
	if s, ok := c.String(2); s != "7" || !ok {
		t.Errorf("String(2) = %q, %v", s, ok)
	}
	if s, ok := c.String(1); s != "" || ok {
		t.Errorf("String(empty) = %q, %v", s, ok)
	}
	if got := atcmd.FormatLine(cmds); got != `AT+X=5,,"7",abc,-3` {
		t.Errorf("FormatLine = %q", got)
	}
}

func isCME(err error, code int) bool {
	c, ok := atcmd.AsCME(err)
	return ok && c.Code == code
}

func TestCMEErrorText(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &atcmd.CMEError{Code: 10, Err: errors.New("no card")})
	if !isCME(err, 10) {
		t.Fatal("AsCME failed through wrapping")
	}
	if got := errors.Unwrap(err).Error(); got != "atcmd: +CME ERROR: 10 (SIM not inserted): no card" {
		t.Fatalf("Error() = %q", got)
	}
	if atcmd.CMEText(323) != "" || atcmd.CMEText(65535) != "Other Error" {
		t.Fatal("CMEText table")
	}
}
