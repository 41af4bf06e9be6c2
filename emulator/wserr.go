package emulator

import (
	"errors"
	"net"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/wsclient"
)

// Causes of a failed websocket AT command that are decided here rather than in
// wsclient. They never reach the host as text: wsCME turns them into codes.
var (
	errWSArgs     = errors.New("emulator: wrong number or type of websocket parameters")
	errWSRange    = errors.New("emulator: websocket parameter out of range")
	errWSExists   = errors.New("emulator: websocket id already created")
	errWSNoClient = errors.New("emulator: websocket id not created")
)

// CME codes of the websocket AT commands, from the firmware's table
// (reference/at-commands.md §2, "+CME ERROR codes"). The firmware has no
// websocket commands (§4.1), so which cause gets which code is this
// emulator's choice (inferred), made once, here. Bad parameters get 53, as
// in the core commands (errors.go).
const (
	cmeWSNotAllowed = 3   // operation not allowed: not ready, ESC, read in push mode
	cmeWSParam      = 53  // parameters are invalid: count, type, range, URL, header
	cmeWSFailed     = 767 // Operation failed: anything not listed here
	cmeWSExists     = 912 // SOCKET_CONNECTION_EXIST: AT+WSCREATE on a used id
	cmeWSNotExist   = 913 // SOCKET_CONNECTION_NOT_EXIST: id never created or closed
	cmeWSOverSize   = 914 // BUFFER_OVER_SIZE: send queue full, message too large
	cmeWSDNSMissing = 917 // DNS error: name not found (917 vs 918 split inferred)
	cmeWSDNSFailed  = 918 // DNS error: lookup failed otherwise (inferred)
)

// wsCME maps any error of a websocket AT handler to the result the host
// sees: one *atcmd.CMEError (rendered per AT+CMEE by the engine) with the
// cause kept for logs. A nil error stays nil (OK).
func wsCME(err error) error {
	if err == nil {
		return nil
	}
	var cme *atcmd.CMEError
	if errors.As(err, &cme) {
		return err
	}
	return &atcmd.CMEError{Code: wsCMECode(err), Err: err}
}

// wsCMECode is the table behind wsCME.
func wsCMECode(err error) int {
	var dns *net.DNSError
	switch {
	case errors.Is(err, errWSArgs), errors.Is(err, errWSRange), errors.Is(err, wsclient.ErrBadURL):
		return cmeWSParam
	case errors.Is(err, errWSExists):
		return cmeWSExists
	case errors.Is(err, errWSNoClient):
		return cmeWSNotExist
	case errors.Is(err, wsclient.ErrNotReady), errors.Is(err, wsclient.ErrClosed),
		errors.Is(err, atcmd.ErrDataAborted):
		return cmeWSNotAllowed
	case errors.Is(err, wsclient.ErrQueueFull), errors.Is(err, wsclient.ErrTooLarge):
		return cmeWSOverSize
	case errors.As(err, &dns) && dns.IsNotFound:
		return cmeWSDNSMissing
	case errors.As(err, &dns):
		return cmeWSDNSFailed
	}
	return cmeWSFailed
}
