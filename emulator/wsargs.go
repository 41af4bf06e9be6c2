package emulator

import (
	"fmt"
	"strconv"

	"github.com/air780emu/air780emu/atcmd"
)

// wsIDs is the range of websocket ids (DESIGN.md "The AT surface" item 3).
const wsIDs = 5

// wsArgs reads the parameters of one AT+WS* set command. Errors wrap
// errWSArgs (count, type) or errWSRange (value) so wsCME can map them.
type wsArgs struct{ args []atcmd.Arg }

// count checks that between min and max parameters were given.
func (a wsArgs) count(min, max int) error {
	if n := len(a.args); n < min || n > max {
		return fmt.Errorf("%w: got %d, want %d..%d", errWSArgs, n, min, max)
	}
	return nil
}

// has reports whether parameter i was given and not left empty.
func (a wsArgs) has(i int) bool { return i < len(a.args) && !a.args[i].Empty }

// intIn returns parameter i as a decimal integer in [lo, hi], or def when it
// was omitted.
func (a wsArgs) intIn(i, lo, hi, def int) (int, error) {
	if !a.has(i) {
		return def, nil
	}
	arg := a.args[i]
	if arg.Quoted {
		return 0, fmt.Errorf("%w: parameter %d: quoted number %q", errWSArgs, i+1, arg.Text)
	}
	n, err := strconv.Atoi(arg.Text)
	if err != nil {
		return 0, fmt.Errorf("%w: parameter %d: %q is not a number", errWSArgs, i+1, arg.Text)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%w: parameter %d: %d not in %d..%d", errWSRange, i+1, n, lo, hi)
	}
	return n, nil
}

// id returns parameter 0 as a websocket id (0-4); it is always required.
func (a wsArgs) id() (int, error) {
	if !a.has(0) {
		return 0, fmt.Errorf("%w: missing id", errWSArgs)
	}
	return a.intIn(0, 0, wsIDs-1, 0)
}

// flag returns parameter i as 0/1, def when omitted.
func (a wsArgs) flag(i int, def bool) (bool, error) {
	d := 0
	if def {
		d = 1
	}
	n, err := a.intIn(i, 0, 1, d)
	return n == 1, err
}

// text returns parameter i as a string; required parameters may not be empty.
func (a wsArgs) text(i int) (string, error) {
	if !a.has(i) || a.args[i].Text == "" {
		return "", fmt.Errorf("%w: parameter %d: empty", errWSArgs, i+1)
	}
	return a.args[i].Text, nil
}
