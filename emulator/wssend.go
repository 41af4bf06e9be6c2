package emulator

import (
	"context"
	"fmt"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/wsclient"
)

// wsMaxSend is the largest AT+WSSEND payload: the AT engine's default data
// mode limit (atcmd.Options.MaxData, 64 KiB).
const wsMaxSend = 64 << 10

// atSend: AT+WSSEND=<id>,<len>[,<fin>[,<opcode>]] then "> " and exactly len
// bytes, or AT+WSSEND=<id> then "> " and data ended by Ctrl-Z (ESC aborts).
// It mirrors wsc:send(data, fin, opcode) (DESIGN.md item 3): fin 1 ends the
// message, opcode 0 text and 1 binary. OK means the frame is queued in the
// client; +WSSENT follows once it is on the wire. Not ready → CME 3 (before
// the prompt, so the host keeps its data); queue full or too large → CME 914.
// ESC sends nothing and answers CME 3, so the host never mistakes an aborted
// send for a queued one.
func (s *wsService) atSend(ctx context.Context, c *atcmd.Cmd, a wsArgs) error {
	if err := a.count(1, 4); err != nil {
		return err
	}
	id, err := a.id()
	if err != nil {
		return err
	}
	n, fin, op, err := sendParams(a)
	if err != nil {
		return err
	}
	sl, err := s.slot(id)
	if err != nil {
		return err
	}
	if !sl.client.Ready() {
		return fmt.Errorf("send id %d: %w", id, wsclient.ErrNotReady)
	}
	data, err := c.Data(ctx, n)
	if err != nil {
		return fmt.Errorf("send id %d: data: %w", id, err)
	}
	if err := sl.client.Send(data, fin, op); err != nil {
		return fmt.Errorf("send id %d (%d bytes): %w", id, len(data), err)
	}
	return nil
}

// sendParams reads <len>[,<fin>[,<opcode>]]; len 0 selects the Ctrl-Z form,
// which is only reachable by omitting len.
func sendParams(a wsArgs) (n int, fin bool, op int, err error) {
	if a.has(1) {
		if n, err = a.intIn(1, 1, wsMaxSend, 0); err != nil {
			return
		}
	} else if len(a.args) > 1 {
		err = fmt.Errorf("%w: length omitted but fin/opcode given", errWSArgs)
		return
	}
	if fin, err = a.flag(2, true); err != nil {
		return
	}
	op, err = a.intIn(3, 0, 1, 0)
	return
}
