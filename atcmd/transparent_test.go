package atcmd_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

// netSink records what transparent mode hands to the network.
type netSink struct {
	mu   sync.Mutex
	got  []byte
	fail error
	exit chan error
}

func (n *netSink) write(ctx context.Context, p []byte) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.fail != nil {
		return n.fail
	}
	n.got = append(n.got, p...)
	return nil
}

func (n *netSink) take() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	s := string(n.got)
	n.got = nil
	return s
}

// transparentHandlers: ATO answers CONNECT and enters transparent mode
// (§3.2 CIPMODE); +CLOSE (via Submit) leaves it as a closed link would.
func transparentHandlers(sink *netSink) func(*atcmd.Engine) {
	return func(e *atcmd.Engine) {
		e.Handle("O", func(ctx context.Context, c *atcmd.Cmd) error {
			c.SetFinal("CONNECT")
			c.After(func() {
				e.EnterTransparent(atcmd.Transparent{Write: sink.write, Exit: func(err error) { sink.exit <- err }})
			})
			return nil
		})
	}
}

func TestTransparentMode(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &netSink{exit: make(chan error, 4)}
		h := atcmdtest.Start(t, nil, transparentHandlers(sink))
		h.Exchange("ATO\r", "ATO\r\r\nCONNECT\r\n")

		// Host bytes go to the network untouched, no echo, no commands.
		h.Send("AT\r+\x1a")
		synctest.Wait()
		if got := sink.take(); got != "AT\r+\x1a" {
			t.Fatalf("network got %q", got)
		}
		// Network bytes go to the host unframed.
		if err := h.Engine.EmitRaw(context.Background(), []byte("from net\x00")); err != nil {
			t.Fatal(err)
		}
		h.Expect("from net\x00")

		// "+++" without the guard before it is data.
		h.Send("x+++")
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if got := sink.take(); got != "x+++" {
			t.Fatalf("network got %q", got)
		}

		// "+++" after 1 s of silence and followed by data is data too.
		time.Sleep(1100 * time.Millisecond)
		h.Send("+++")
		time.Sleep(100 * time.Millisecond)
		h.Send("y")
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if got := sink.take(); got != "+++y" {
			t.Fatalf("network got %q", got)
		}

		// A lone "+" after the guard is held, then delivered as data.
		time.Sleep(1100 * time.Millisecond)
		h.Send("+")
		time.Sleep(600 * time.Millisecond)
		synctest.Wait()
		if got := sink.take(); got != "+" {
			t.Fatalf("network got %q", got)
		}

		// The real escape: silence, "+" "+" "+" within 0.5 s, silence: OK.
		time.Sleep(1100 * time.Millisecond)
		h.Send("+")
		time.Sleep(200 * time.Millisecond)
		h.Send("++")
		h.Expect("\r\nOK\r\n")
		if err := <-sink.exit; err != nil {
			t.Fatalf("Exit(%v)", err)
		}
		if got := sink.take(); got != "" {
			t.Fatalf("escape leaked %q to the network", got)
		}
		// Command mode again, then ATO back to data mode.
		h.Exchange("AT\r", "AT\r\r\nOK\r\n")
		h.Exchange("ATO\r", "ATO\r\r\nCONNECT\r\n")
		h.Send("z")
		synctest.Wait()
		if got := sink.take(); got != "z" {
			t.Fatalf("network got %q", got)
		}

		// The link dies: the emulator leaves transparent mode and says CLOSED.
		err := h.Engine.Submit(context.Background(), func(ctx context.Context) {
			h.Engine.ExitTransparent()
			h.Engine.Emit(ctx, atcmd.URC{Line: "CLOSED"})
		})
		if err != nil {
			t.Fatal(err)
		}
		h.Expect("\r\nCLOSED\r\n")
		h.Exchange("AT\r", "AT\r\r\nOK\r\n")
	})
}

func TestTransparentWriteError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sink := &netSink{exit: make(chan error, 1), fail: errors.New("link down")}
		h := atcmdtest.Start(t, nil, transparentHandlers(sink))
		h.Exchange("ATO\r", "ATO\r\r\nCONNECT\r\n")
		h.Send("data")
		if err := <-sink.exit; err == nil || err.Error() != "link down" {
			t.Fatalf("Exit(%v)", err)
		}
		h.Exchange("AT\r", "AT\r\r\nOK\r\n")
	})
}

func TestEnterTransparentOffEngine(t *testing.T) {
	h := atcmdtest.Start(t, nil, nil)
	err := h.Engine.EnterTransparent(atcmd.Transparent{Write: func(context.Context, []byte) error { return nil }})
	if !errors.Is(err, atcmd.ErrNotEngine) {
		t.Fatalf("EnterTransparent from a test goroutine: %v", err)
	}
}

func TestEmitRawCommandMode(t *testing.T) {
	h := atcmdtest.Start(t, nil, nil)
	h.Engine.EmitRaw(context.Background(), []byte("data from tcp server"))
	h.Expect("data from tcp server")
	h.Exchange("AT\r", "AT\r\r\nOK\r\n")
}
