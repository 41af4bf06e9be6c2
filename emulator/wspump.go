package emulator

import (
	"context"
	"fmt"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/wsclient"
)

// pump is the one reader of a client's events. It turns each event into its
// URC, in wsclient's order (luatos-semantics.md §1.4), and blocks while the
// engine's URC queue or the slot's receive buffer is full: wsclient then
// stops reading the socket and TCP pushes back on the server. That chain is
// the emulator's only flow control on receive; nothing is dropped.
func (s *wsService) pump(ctx context.Context, sl *wsSlot) {
	defer close(sl.done)
	events := sl.client.Events()
	for {
		if err := s.flush(ctx, sl); err != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-sl.wake:
		case ev, ok := <-events:
			if !ok {
				return
			}
			if err := s.deliver(ctx, sl, ev); err != nil {
				return
			}
		}
	}
}

// deliver emits the URC of one event. Formats: DESIGN.md "The AT surface"
// item 3 (URCs named after the Lua events).
func (s *wsService) deliver(ctx context.Context, sl *wsSlot, ev wsclient.Event) error {
	switch ev.Kind {
	case wsclient.Conack:
		return s.emit(ctx, atcmd.URC{Line: fmt.Sprintf("+WSCONACK: %d", sl.id)})
	case wsclient.Recv:
		return s.recv(ctx, sl, wsPiece{data: ev.Data, fin: ev.Fin, opcode: ev.Opcode})
	case wsclient.Sent:
		return s.emit(ctx, atcmd.URC{Line: fmt.Sprintf("+WSSENT: %d", sl.id)})
	case wsclient.Error:
		s.cfg.Logger.Debug("websocket error", "id", sl.id, "kind", ev.ErrKind, "err", ev.Err)
		return s.emit(ctx, atcmd.URC{Line: fmt.Sprintf("+WSERROR: %d,%q", sl.id, ev.ErrKind)})
	case wsclient.Disconnect:
		return s.emit(ctx, atcmd.URC{Line: fmt.Sprintf("+WSDISCONNECT: %d", sl.id)})
	}
	s.cfg.Logger.Warn("websocket event of unknown kind", "id", sl.id, "kind", int(ev.Kind))
	return nil
}

// recv hands one received piece to the host: in push mode as +WSRECV with
// the payload, in buffer mode into the slot's buffer with a +WSRECV notice.
// It waits (honouring ctx) while the buffer is full.
func (s *wsService) recv(ctx context.Context, sl *wsSlot, p wsPiece) error {
	for {
		sl.mu.Lock()
		mode, stored := sl.mode, false
		if mode == wsBuffer && sl.buf.fits(len(p.data)) {
			sl.buf.push(p)
			stored = true
		}
		empty := sl.buf.empty()
		sl.mu.Unlock()
		switch {
		case stored:
			return s.emit(ctx, atcmd.URC{Line: fmt.Sprintf("+WSRECV: %d,%d", sl.id, len(p.data))})
		case mode == wsPush && empty:
			return s.emit(ctx, pushURC(sl.id, p))
		case mode == wsPush:
			if err := s.flush(ctx, sl); err != nil {
				return err
			}
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-sl.wake:
		}
	}
}

// flush emits, in push mode, the pieces a buffer-mode period left behind,
// before any newer event, so switching back to push keeps the order.
func (s *wsService) flush(ctx context.Context, sl *wsSlot) error {
	for {
		sl.mu.Lock()
		if sl.mode != wsPush || sl.buf.empty() {
			sl.mu.Unlock()
			return nil
		}
		p := sl.buf.pop()
		sl.mu.Unlock()
		if err := s.emit(ctx, pushURC(sl.id, p)); err != nil {
			return err
		}
	}
}

// pushURC is "+WSRECV: <id>,<len>,<fin>,<opcode>" followed by exactly len raw
// bytes and CRLF (the engine frames Data so). The opcode is the frame's
// RFC 6455 opcode, as the Lua recv event carries it (DESIGN.md item 3).
func pushURC(id int, p wsPiece) atcmd.URC {
	data := p.data
	if data == nil {
		data = []byte{}
	}
	return atcmd.URC{Line: fmt.Sprintf("+WSRECV: %d,%d,%d,%d", id, len(p.data), b2i(p.fin), p.opcode), Data: data}
}
