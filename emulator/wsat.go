package emulator

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/wsclient"
)

// wsForms are the handlers of one AT+WS* command by syntactic form; a nil
// form answers plain ERROR, as the firmware does for syntax it does not know
// (reference/at-commands.md §1.3). Test lists the ranges.
type wsForms struct {
	set  func(ctx context.Context, c *atcmd.Cmd, a wsArgs) error
	read func(c *atcmd.Cmd) error
	test string // the =? info line
}

// handler turns forms into an atcmd.Handler whose errors go through wsCME.
func (f wsForms) handler() atcmd.Handler {
	return func(ctx context.Context, c *atcmd.Cmd) error {
		switch {
		case c.Kind == atcmd.Set && f.set != nil:
			return wsCME(f.set(ctx, c, wsArgs{c.Args}))
		case c.Kind == atcmd.Read && f.read != nil:
			return wsCME(f.read(c))
		case c.Kind == atcmd.Test && f.test != "":
			c.Info(f.test)
			return nil
		}
		return atcmd.ErrError
	}
}

// register installs the AT+WS* commands (DESIGN.md "The AT surface" item 3)
// on e.
func (s *wsService) register(e *atcmd.Engine) {
	forms := map[string]wsForms{
		"+WSCREATE":     {set: s.atCreate, read: s.atList, test: `+WSCREATE: (0-4),"url",` + wsAdapterList + `,(0-65535),(0,1)`},
		"+WSHEADERS":    {set: s.atHeaders, test: `+WSHEADERS: (0-4),"Name: value"`},
		"+WSAUTORECONN": {set: s.atAutoReconn, test: "+WSAUTORECONN: (0-4),(0,1),(0-86400000)"},
		"+WSDEBUG":      {set: s.atDebug, test: "+WSDEBUG: (0-4),(0,1)"},
		"+WSCONNECT":    {set: s.atConnect, test: "+WSCONNECT: (0-4)"},
		"+WSSEND":       {set: s.atSend, test: fmt.Sprintf("+WSSEND: (0-4),(1-%d),(0,1),(0,1)", wsMaxSend)},
		"+WSREADY":      {set: s.atReady, test: "+WSREADY: (0-4)"},
		"+WSCLOSE":      {set: s.atClose, test: "+WSCLOSE: (0-4)"},
		"+WSRECVMODE":   {set: s.atRecvMode, read: s.atRecvModes, test: "+WSRECVMODE: (0-4),(0,1)"},
		"+WSREAD":       {set: s.atRead, test: fmt.Sprintf("+WSREAD: (0-4),(1-%d)", wsBufCap)},
	}
	for name, f := range forms {
		e.Handle(name, f.handler())
	}
}

// atCreate: AT+WSCREATE=<id>,"<url>"[,<adapter>[,<keepalive_s>[,<ipv6>]]]
// mirrors websocket.create (luatos-semantics.md §1.2): keepalive 0 means the
// default 60 s; adapter defaults to LWIP_GP.
func (s *wsService) atCreate(_ context.Context, _ *atcmd.Cmd, a wsArgs) error {
	if err := a.count(2, 5); err != nil {
		return err
	}
	id, err := a.id()
	if err != nil {
		return err
	}
	url, err := a.text(1)
	if err != nil {
		return err
	}
	adapter, err := a.intIn(2, 0, 255, wsDefaultAdapter)
	if err != nil {
		return err
	}
	iface, ok := wsAdapters[adapter]
	if !ok {
		return fmt.Errorf("%w: adapter %d is not one of %s", errWSRange, adapter, wsAdapterList)
	}
	keep, err := a.intIn(3, 0, 65535, 0)
	if err != nil {
		return err
	}
	ipv6, err := a.flag(4, false)
	if err != nil {
		return err
	}
	opts := &wsclient.Options{Dial: linkDial(s.cfg.Net, iface, s.cfg.Bearer), Keepalive: time.Duration(keep) * time.Second,
		IPv6: ipv6, Quirks: s.cfg.Quirks, RecvMax: s.cfg.RecvMax, Logf: s.logf(id)}
	return s.create(id, url, adapter, opts)
}

// logf routes a client's LuatOS-format log lines to the device logger.
func (s *wsService) logf(id int) func(string) {
	return func(line string) { s.cfg.Logger.Info(line, "ws", id) }
}

// atList: AT+WSCREATE? → one +WSCREATE: <id>,"<url>",<adapter>,<ready> line
// per created client, in id order.
func (s *wsService) atList(c *atcmd.Cmd) error {
	for _, sl := range s.list() {
		c.Info(fmt.Sprintf("+WSCREATE: %d,%q,%d,%d", sl.id, sl.url, sl.adapter, b2i(sl.client.Ready())))
	}
	return nil
}

// atHeaders: AT+WSHEADERS=<id>,"<Name: value>"[,...] mirrors wsc:headers
// with a table (luatos-semantics.md §1.10); each parameter is one header,
// split at its first colon, spaces around name and value trimmed. The
// headers replace earlier ones and apply from the next connect.
func (s *wsService) atHeaders(_ context.Context, _ *atcmd.Cmd, a wsArgs) error {
	if err := a.count(2, 1+32); err != nil {
		return err
	}
	id, err := a.id()
	if err != nil {
		return err
	}
	pairs, err := headerPairs(a)
	if err != nil {
		return err
	}
	sl, err := s.slot(id)
	if err != nil {
		return err
	}
	if err := sl.client.SetHeaders(pairs); err != nil {
		return fmt.Errorf("%w: %w", errWSRange, err)
	}
	return nil
}

// headerPairs parses parameters 1.. as "Name: value".
func headerPairs(a wsArgs) ([][2]string, error) {
	var pairs [][2]string
	for i := 1; i < len(a.args); i++ {
		h, err := a.text(i)
		if err != nil {
			return nil, err
		}
		name, value, ok := strings.Cut(h, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" || value == "" || strings.ContainsAny(h, "\r\n") {
			return nil, fmt.Errorf("%w: header %q is not \"Name: value\"", errWSRange, h)
		}
		pairs = append(pairs, [2]string{name, value})
	}
	return pairs, nil
}

// atAutoReconn: AT+WSAUTORECONN=<id>,<0|1>[,<ms>] mirrors wsc:autoreconn
// (luatos-semantics.md §1.9): default 3000 ms, under 1000 clamped by wsclient.
func (s *wsService) atAutoReconn(_ context.Context, _ *atcmd.Cmd, a wsArgs) error {
	if err := a.count(2, 3); err != nil {
		return err
	}
	id, err := a.id()
	if err != nil {
		return err
	}
	on, err := a.flag(1, false)
	if err != nil {
		return err
	}
	ms, err := a.intIn(2, 0, 86400000, 3000)
	if err != nil {
		return err
	}
	sl, err := s.slot(id)
	if err != nil {
		return err
	}
	sl.client.AutoReconn(on, time.Duration(ms)*time.Millisecond)
	return nil
}

// atDebug: AT+WSDEBUG=<id>,<0|1> mirrors wsc:debug; the lines go to the
// device log, not to the AT port.
func (s *wsService) atDebug(_ context.Context, _ *atcmd.Cmd, a wsArgs) error {
	if err := a.count(2, 2); err != nil {
		return err
	}
	on, err := a.flag(1, false)
	if err != nil {
		return err
	}
	sl, err := s.idSlot(a, 2, 2)
	if err != nil {
		return err
	}
	sl.client.SetDebug(on)
	return nil
}

// atConnect: AT+WSCONNECT=<id> mirrors wsc:connect: OK once the connect has
// started; +WSCONACK (or +WSERROR, +WSDISCONNECT) follows as URCs. A connect
// that fails at once is reported as CME 767 and its error events still
// follow (luatos-semantics.md §1.5).
func (s *wsService) atConnect(_ context.Context, _ *atcmd.Cmd, a wsArgs) error {
	sl, err := s.idSlot(a, 1, 1)
	if err != nil {
		return err
	}
	if !sl.client.Connect() {
		return fmt.Errorf("connect id %d did not start", sl.id)
	}
	return nil
}

// atReady: AT+WSREADY=<id> → +WSREADY: <id>,<0|1>.
func (s *wsService) atReady(_ context.Context, c *atcmd.Cmd, a wsArgs) error {
	sl, err := s.idSlot(a, 1, 1)
	if err != nil {
		return err
	}
	c.Info(fmt.Sprintf("+WSREADY: %d,%d", sl.id, b2i(sl.client.Ready())))
	return nil
}

// atClose: AT+WSCLOSE=<id> mirrors wsc:close: no close frame, no
// +WSDISCONNECT afterwards (luatos-semantics.md §1.11); the id is free again.
func (s *wsService) atClose(_ context.Context, _ *atcmd.Cmd, a wsArgs) error {
	if err := a.count(1, 1); err != nil {
		return err
	}
	id, err := a.id()
	if err != nil {
		return err
	}
	return s.close(id)
}

// idSlot checks the parameter count, reads the id and finds its slot.
func (s *wsService) idSlot(a wsArgs, min, max int) (*wsSlot, error) {
	if err := a.count(min, max); err != nil {
		return nil, err
	}
	id, err := a.id()
	if err != nil {
		return nil, err
	}
	return s.slot(id)
}
