package wsclient

import "fmt"

// String returns the event's name as the Lua callback receives it
// ("conack", "recv", "sent", "disconnect", "error"; §1.4).
func (k EventKind) String() string {
	switch k {
	case Conack:
		return "conack"
	case Recv:
		return "recv"
	case Sent:
		return "sent"
	case Disconnect:
		return "disconnect"
	case Error:
		return "error"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// String names the mode as the board option does ("spec", "firmware").
func (q Quirks) String() string {
	if q == Firmware {
		return "firmware"
	}
	return "spec"
}
