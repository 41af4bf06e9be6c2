package emulator

// The websocket service behind the AT+WS* commands (DESIGN.md "The AT
// surface" item 3): five client slots (ids 0-4), each a wsclient.Client with
// one event pump goroutine that turns its events into URCs on the AT engine.
// Data path: host ⇄ atcmd engine ⇄ wsService ⇄ wsclient ⇄ netif interface.

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/netif"
	"github.com/air780emu/air780emu/wsclient"
)

// Receive modes of AT+WSRECVMODE.
const (
	wsPush   = 0 // +WSRECV header, payload, CRLF as URCs
	wsBuffer = 1 // +WSRECV notice; the host pulls with AT+WSREAD
)

// wsConfig is what the service needs from the device.
type wsConfig struct {
	Net     *netif.Set
	Quirks  wsclient.Quirks
	RecvMax int // board's websocket receive buffer (boards.Profile.WSRecvMax)
	Logger  *slog.Logger
	// Bearer, when set, is what a dial on LWIP_GP waits for instead of the
	// bare interface: the modem's bearer, announced (bearer.go). Nil in
	// unit tests without a session.
	Bearer func(ctx context.Context) error
}

// wsService owns the client slots of one device while its AT firmware runs.
type wsService struct {
	cfg  wsConfig
	emit func(ctx context.Context, u atcmd.URC) error // the engine's Emit
	ctx  context.Context                              // lifetime of every pump
	stop context.CancelFunc

	link *coupling // LWIP_GP ⇄ modem (coupling.go); nil in unit tests

	mu    sync.Mutex
	slots [wsIDs]*wsSlot
}

// wsSlot is one created client. Its pump goroutine is the only reader of the
// client's events; mode and buf are shared with AT+WSREAD and AT+WSRECVMODE.
type wsSlot struct {
	id      int
	url     string
	adapter int
	client  *wsclient.Client
	cancel  context.CancelFunc // stops the pump
	done    chan struct{}      // closed when the pump has returned

	mu   sync.Mutex
	mode int
	buf  wsRecvBuf
	wake chan struct{} // (cap 1) mode changed or buffer space freed
}

// newWSService returns a service whose pumps live until ctx is done or
// shutdown; emit queues a URC (atcmd.Engine.Emit).
func newWSService(ctx context.Context, cfg wsConfig, emit func(context.Context, atcmd.URC) error) *wsService {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(ctx)
	return &wsService{cfg: cfg, emit: emit, ctx: ctx, stop: stop}
}

// slot returns the client with the given id, or errWSNoClient.
func (s *wsService) slot(id int) (*wsSlot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sl := s.slots[id]; sl != nil {
		return sl, nil
	}
	return nil, fmt.Errorf("%w: id %d", errWSNoClient, id)
}

// list returns the created clients in id order.
func (s *wsService) list() []*wsSlot {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*wsSlot
	for _, sl := range s.slots {
		if sl != nil {
			out = append(out, sl)
		}
	}
	return out
}

// create makes client id from url and starts its pump; errWSExists if the
// id is taken.
func (s *wsService) create(id int, url string, adapter int, opts *wsclient.Options) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.slots[id] != nil {
		return fmt.Errorf("%w: id %d", errWSExists, id)
	}
	if s.ctx.Err() != nil {
		return fmt.Errorf("websocket service stopped: %w", wsclient.ErrClosed)
	}
	c, err := wsclient.Create(url, opts)
	if err != nil {
		return fmt.Errorf("create %q: %w", url, err)
	}
	ctx, cancel := context.WithCancel(s.ctx)
	sl := &wsSlot{id: id, url: url, adapter: adapter, client: c, cancel: cancel,
		done: make(chan struct{}), wake: make(chan struct{}, 1)}
	sl.buf.cap = wsBufCap
	s.slots[id] = sl
	go s.pump(ctx, sl)
	return nil
}

// close releases client id and frees the id for reuse. Pending URCs of the
// client are dropped with it: the host asked for the close, and LuatOS's
// close() likewise delivers no further event (luatos-semantics.md §1.11).
func (s *wsService) close(id int) error {
	s.mu.Lock()
	sl := s.slots[id]
	s.slots[id] = nil
	s.mu.Unlock()
	if sl == nil {
		return fmt.Errorf("%w: id %d", errWSNoClient, id)
	}
	sl.release()
	return nil
}

// release stops the pump, closes the client and waits until its events
// channel is closed, so no goroutine of the slot outlives it.
func (sl *wsSlot) release() {
	sl.cancel()
	<-sl.done
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for range sl.client.Events() {
		}
	}()
	_ = sl.client.Close()
	<-drained
}

// shutdown ends the coupling and closes every client; idempotent.
func (s *wsService) shutdown() {
	if s.link != nil {
		s.link.stop()
	}
	s.stop()
	s.reset()
}

// setMode switches a slot between push and buffer mode and wakes its pump.
func (sl *wsSlot) setMode(mode int) {
	sl.mu.Lock()
	sl.mode = mode
	sl.mu.Unlock()
	sl.poke()
}

// poke wakes the pump without blocking.
func (sl *wsSlot) poke() {
	select {
	case sl.wake <- struct{}{}:
	default:
	}
}
