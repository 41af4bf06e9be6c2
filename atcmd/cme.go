package atcmd

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrDataTooLong is the cause inside the *CMEError 914 (BUFFER_OVER_SIZE)
// that Cmd.Data returns when a transfer exceeds Options.MaxData; test for it
// with errors.Is.
var ErrDataTooLong = errors.New("atcmd: data mode transfer exceeds MaxData")

// CME returns a *CMEError with the given code.
func CME(code int) error { return &CMEError{Code: code} }

// Error says the code and, when known, the verbose text and the cause.
func (e *CMEError) Error() string {
	s := "atcmd: +CME ERROR: " + strconv.Itoa(e.Code)
	if t := CMEText(e.Code); t != "" {
		s += " (" + t + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *CMEError) Unwrap() error { return e.Err }

// AsCME finds a *CMEError in err's chain.
func AsCME(err error) (*CMEError, bool) {
	var c *CMEError
	if errors.As(err, &c) {
		return c, true
	}
	return nil, false
}

// CMEText returns the verbose text of a +CME ERROR code as AT+CMEE=2 prints
// it, or "" for a code the manual does not list. The table is the Hezhou
// manual's (at-commands.md §2 "+CME ERROR codes", full list from MAN
// Configuration/CME_ERROR.md); where it gives two texts for one code the
// "cat1" one (Air780E is a Cat.1 module) is used. The manual's spelling,
// typos included, is kept because the firmware prints it.
func CMEText(code int) string { return cmeText[code] }

// cmeLine renders a CMEError for the given AT+CMEE mode: 1 numeric, 2
// verbose (numeric when the code has no text). Mode 0 is handled by the
// caller (plain ERROR).
func cmeLine(code, mode int) string {
	if mode == 2 {
		if t := CMEText(code); t != "" {
			return "+CME ERROR: " + t
		}
	}
	return "+CME ERROR: " + strconv.Itoa(code)
}

// errf wraps err with a message, the package's one wrapping style.
func errf(msg string, err error) error { return fmt.Errorf("atcmd: %s: %w", msg, err) }

// CMSError is a "+CMS ERROR: <Code>" final result, the SMS commands' error
// (27.005 §3.2.5; at-commands.md §1.3 names it). It is always numeric and
// shown whatever AT+CMEE says (27.005; inferred for this firmware).
type CMSError struct {
	Code int
	Err  error // optional cause, for logs
}

// CMS returns a *CMSError with the given code.
func CMS(code int) error { return &CMSError{Code: code} }

// Error says the code and the cause, if any.
func (e *CMSError) Error() string {
	s := "atcmd: +CMS ERROR: " + strconv.Itoa(e.Code)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *CMSError) Unwrap() error { return e.Err }

// AsCMS finds a *CMSError in err's chain.
func AsCMS(err error) (*CMSError, bool) {
	var c *CMSError
	if errors.As(err, &c) {
		return c, true
	}
	return nil, false
}
