package emulator

import (
	"context"
	"fmt"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/wsclient"
)

// atRecvMode: AT+WSRECVMODE=<id>,<0 push|1 buffer>. Switching to buffer
// mode makes later pieces wait in the slot's bounded buffer (64 KiB) with a
// "+WSRECV: <id>,<len>" notice each; switching back to push first emits what
// is still buffered, in order, then new events.
func (s *wsService) atRecvMode(_ context.Context, _ *atcmd.Cmd, a wsArgs) error {
	if err := a.count(2, 2); err != nil {
		return err
	}
	mode, err := a.intIn(1, wsPush, wsBuffer, 0)
	if err != nil {
		return err
	}
	sl, err := s.idSlot(a, 2, 2)
	if err != nil {
		return err
	}
	sl.setMode(mode)
	return nil
}

// atRecvModes: AT+WSRECVMODE? → "+WSRECVMODE: <id>,<mode>,<buffered bytes>"
// per created client (emulator extension; the third field lets a host see
// how much AT+WSREAD would return).
func (s *wsService) atRecvModes(c *atcmd.Cmd) error {
	for _, sl := range s.list() {
		sl.mu.Lock()
		line := fmt.Sprintf("+WSRECVMODE: %d,%d,%d", sl.id, sl.mode, sl.buf.size)
		sl.mu.Unlock()
		c.Info(line)
	}
	return nil
}

// atRead: AT+WSREAD=<id>,<max> → "+WSREAD: <id>,<len>,<fin>,<opcode>", then
// exactly len raw bytes and CRLF, then OK; len 0 (fin 0, opcode 0) when
// nothing is buffered. One read returns at most one piece (or the first max
// bytes of it, see wsRecvBuf.read), so fin and opcode stay exact. Only in
// buffer mode: in push mode the data goes out as URCs (CME 3).
func (s *wsService) atRead(_ context.Context, c *atcmd.Cmd, a wsArgs) error {
	if err := a.count(2, 2); err != nil {
		return err
	}
	max, err := a.intIn(1, 1, wsBufCap, 0)
	if err != nil {
		return err
	}
	sl, err := s.idSlot(a, 2, 2)
	if err != nil {
		return err
	}
	sl.mu.Lock()
	if sl.mode != wsBuffer {
		sl.mu.Unlock()
		return fmt.Errorf("read id %d in push mode: %w", sl.id, wsclient.ErrNotReady)
	}
	p, _ := sl.buf.read(max)
	sl.mu.Unlock()
	sl.poke()
	c.Info(fmt.Sprintf("+WSREAD: %d,%d,%d,%d", sl.id, len(p.data), b2i(p.fin), p.opcode))
	if len(p.data) > 0 {
		c.Raw(p.data)
		c.Raw([]byte("\r\n"))
	}
	return nil
}
