package atcmd

import "strconv"

// Arg helpers answer bad parameters with +CME ERROR: 53 "parameters are
// invalid" (§2 table), which the firmware uses for Cat.1 modules; under
// AT+CMEE=0 that is a plain ERROR.

// Int returns argument i as a decimal integer in [min, max]. A missing,
// empty, quoted or non-numeric argument, or one out of range, gives a
// *CMEError 53.
func (c *Cmd) Int(i, min, max int) (int, error) {
	if i < 0 || i >= len(c.Args) || c.Args[i].Empty || c.Args[i].Quoted {
		return 0, &CMEError{Code: 53}
	}
	v, err := strconv.Atoi(c.Args[i].Text)
	if err != nil || v < min || v > max {
		return 0, &CMEError{Code: 53, Err: err}
	}
	return v, nil
}

// IntOr is Int with a default for a missing or empty argument ("AT+X=1,,3").
func (c *Cmd) IntOr(i, def, min, max int) (int, error) {
	if i >= len(c.Args) || c.Args[i].Empty {
		return def, nil
	}
	return c.Int(i, min, max)
}

// String returns argument i's text (unquoted) and whether it is present and
// not empty. Quotes are optional, as the firmware accepts both (§3.2
// CIPSTART).
func (c *Cmd) String(i int) (string, bool) {
	if i < 0 || i >= len(c.Args) || c.Args[i].Empty {
		return "", false
	}
	return c.Args[i].Text, true
}
