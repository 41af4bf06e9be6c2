package emulator

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/air780emu/air780emu/atcmd"
)

// argInt parses argument i of c as a decimal integer that must be one of
// allowed (or, when allowed is empty, any value in [lo, hi]). A missing or
// empty argument yields def when def is not nil. Every failure wraps errParam,
// so the host sees the one bad-parameter code (toAT).
func argInt(c *atcmd.Cmd, i int, def *int, lo, hi int, allowed ...int) (int, error) {
	if i >= len(c.Args) || c.Args[i].Empty {
		if def != nil {
			return *def, nil
		}
		return 0, fmt.Errorf("%s: argument %d missing: %w", c.Name, i+1, errParam)
	}
	a := c.Args[i]
	n, err := strconv.Atoi(a.Text)
	if err != nil || a.Quoted {
		return 0, fmt.Errorf("%s: argument %d %q is not a number: %w", c.Name, i+1, a.Text, errParam)
	}
	if len(allowed) > 0 && !slices.Contains(allowed, n) || len(allowed) == 0 && (n < lo || n > hi) {
		return 0, fmt.Errorf("%s: argument %d = %d out of range: %w", c.Name, i+1, n, errParam)
	}
	return n, nil
}

// argString returns argument i's text, or "" and false when it is absent.
func argString(c *atcmd.Cmd, i int) (string, bool) {
	if i >= len(c.Args) || c.Args[i].Empty {
		return "", false
	}
	return c.Args[i].Text, true
}

// maxArgs fails with errParam when c has more than n arguments.
func maxArgs(c *atcmd.Cmd, n int) error {
	if len(c.Args) > n {
		return fmt.Errorf("%s: %d arguments, at most %d: %w", c.Name, len(c.Args), n, errParam)
	}
	return nil
}

// ptr returns a pointer to v (argument defaults).
func ptr(v int) *int { return &v }
