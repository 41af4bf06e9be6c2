package emulator

import "context"

// startWS installs the AT+WS* commands on the session's engine and couples
// the cellular interface to the modem model (coupling.go). The websocket
// clients live until shutdown; reset (a reboot) closes them. ServeAT calls
// it after registering the core handlers; powerOn calls reset.
func (s *session) startWS(ctx context.Context) *wsService {
	d := s.d
	link := s.startCoupling()
	bearer := func(ctx context.Context) error { return s.waitBearer(ctx, link) }
	w := newWSService(ctx, wsConfig{Net: d.net, Quirks: d.cfg.Quirks, RecvMax: d.board.WSRecvMax, Logger: d.log,
		Bearer: bearer}, s.eng.Emit)
	w.register(s.eng)
	w.link = link
	return w
}

// reset closes every client: a rebooted module has none. Nil-safe, so the
// core may call it on the first power-on too.
func (w *wsService) reset() {
	if w == nil {
		return
	}
	for id := range wsIDs {
		_ = w.close(id)
	}
}
