package emulator

import (
	"errors"

	"github.com/air780emu/air780emu/atcmd"
)

// Domain errors of the modem model. Handlers return these (possibly wrapped);
// toAT maps them to the host-visible result in exactly one place.
var (
	// ErrClosed is returned by ServeAT after Close.
	ErrClosed = errors.New("emulator: device closed")
	// ErrBusy is returned by ServeAT while another ServeAT runs on the device.
	ErrBusy = errors.New("emulator: device already serving a port")

	errNoSIM    = errors.New("emulator: SIM not inserted")
	errSIMPIN   = errors.New("emulator: SIM PIN required")
	errBadPIN   = errors.New("emulator: incorrect PIN")
	errRadioOff = errors.New("emulator: CFUN is 0 or 4")
	errNoNet    = errors.New("emulator: no network service")
	errNotAllow = errors.New("emulator: operation not allowed")
	errParam    = errors.New("emulator: invalid parameter")
	errSyntax   = errors.New("emulator: unsupported command form")
)

// CME codes per at-commands.md §2 "+CME ERROR codes".
const (
	cmeNotAllowed = 3   // operation not allowed
	cmeNoSIM      = 10  // SIM not inserted (captured for AT+CPIN?, §2)
	cmeSIMPIN     = 11  // SIM PIN required
	cmeBadPIN     = 16  // incorrect password
	cmeNoNet      = 30  // no network service
	cmeParam      = 53  // parameters are invalid
	cmeRadioOff   = 797 // CFUN state is 0 or 4
)

// toAT maps a domain error to the handler result the atcmd engine renders.
// Which code each situation gets is inferred unless the error's comment at
// the call site cites a capture: the firmware's choice is only captured for
// the missing SIM (+CME ERROR: 10, §2 AT+CPIN). Bad parameters use 53
// ("parameters are invalid", §2 table) everywhere; unsupported syntactic
// forms (a Read of an exec-only command, ...) answer plain ERROR, as the
// firmware does for syntax errors (§1.3).
func toAT(err error) error {
	if err == nil {
		return nil
	}
	var cme *atcmd.CMEError
	if errors.As(err, &cme) || errors.Is(err, atcmd.ErrError) {
		return err
	}
	for _, m := range []struct {
		err  error
		code int
	}{
		{errNoSIM, cmeNoSIM}, {errSIMPIN, cmeSIMPIN}, {errBadPIN, cmeBadPIN},
		{errRadioOff, cmeRadioOff}, {errNoNet, cmeNoNet},
		{errNotAllow, cmeNotAllowed}, {errParam, cmeParam},
	} {
		if errors.Is(err, m.err) {
			return &atcmd.CMEError{Code: m.code, Err: err}
		}
	}
	if errors.Is(err, errSyntax) {
		return atcmd.ErrError
	}
	return err
}
