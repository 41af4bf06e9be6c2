package atcmd_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/air780emu/air780emu/atcmd"
	"github.com/air780emu/air780emu/atcmd/atcmdtest"
)

const marker = "MARK-OK-7f3a"

func markHandler(e *atcmd.Engine) {
	e.Handle("+MARK", func(ctx context.Context, c *atcmd.Cmd) error { c.Info(marker); return nil })
}

// heapWatch samples the live heap while a test floods the engine and
// reports the largest growth over the starting point.
type heapWatch struct {
	base uint64
	peak atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func watchHeap() *heapWatch {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	w := &heapWatch{base: m.HeapAlloc, stop: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > w.peak.Load() {
					w.peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	return w
}

// done stops sampling and returns the peak growth and the growth after GC.
func (w *heapWatch) done() (peak, after int64) {
	close(w.stop)
	w.wg.Wait()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(w.peak.Load()) - int64(w.base), int64(m.HeapAlloc) - int64(w.base)
}

// flood sends payload in pieces from a goroutine, then tail, and waits for
// the marker while discarding everything before it.
func flood(t *testing.T, h *atcmdtest.Harness, payload []byte, tail string) {
	t.Helper()
	sent := make(chan error, 1)
	go func() {
		for p := payload; len(p) > 0; {
			n := min(len(p), 64<<10)
			if err := h.DTE.SendBytes(p[:n]); err != nil {
				sent <- err
				return
			}
			p = p[n:]
		}
		sent <- h.DTE.Send(tail)
	}()
	h.DTE.Timeout = time.Minute
	if _, err := h.DTE.ReadUntil(marker+"\r\n", 256); err != nil {
		t.Fatal(err)
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	h.DTE.ReadUntil("OK\r\n", 64) // the marker command's final result
}

const memBound = 8 << 20 // generous, yet below the 10 MB flood (20 MB with echo)

func checkMem(t *testing.T, w *heapWatch) {
	t.Helper()
	peak, after := w.done()
	t.Logf("heap growth: peak %d KiB, after %d KiB", peak>>10, after>>10)
	if peak > memBound || after > memBound {
		t.Fatalf("heap grew by peak %d / after %d bytes, bound %d", peak, after, memBound)
	}
}

func TestRandomBytes10MB(t *testing.T) {
	if testing.Short() {
		t.Skip("10 MB flood")
	}
	payload := make([]byte, 10<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range payload {
		payload[i] = byte(r.Uint32())
	}
	h := atcmdtest.Start(t, nil, markHandler)
	w := watchHeap()
	flood(t, h, payload, "\rAT+MARK\r")
	checkMem(t, w)
	runtime.KeepAlive(payload) // counted in the base, kept out of "after"
	// The garbage may have switched settings (ATE0, ATV0...); a host resets
	// them as it would after boot, then AT answers exactly.
	h.Send("ATE1V1Q0\r")
	if _, err := h.DTE.ReadUntil("ATE1V1Q0\r", 64); err != nil {
		t.Fatal(err)
	}
	h.Expect("\r\nOK\r\n")
	h.Exchange("AT\r", "AT\r\r\nOK\r\n")
}

func TestEndlessLine(t *testing.T) {
	h := atcmdtest.Start(t, nil, markHandler)
	payload := bytes.Repeat([]byte("AT+CSQ"), 1<<20)
	w := watchHeap()
	flood(t, h, payload, "\rAT+MARK\r")
	checkMem(t, w)
	runtime.KeepAlive(payload)
	h.Exchange("AT\r", "AT\r\r\nOK\r\n")
}

func TestLineTooLong(t *testing.T) {
	h := atcmdtest.Start(t, &atcmd.Options{MaxLine: 8}, nil)
	h.Exchange("AT+CSQ;E1\r", "AT+CSQ;E1\r\r\nERROR\r\n")
	h.Exchange("AT+CMEE?\r", "AT+CMEE?\r\r\n+CMEE: 1\r\n\r\nOK\r\n") // exactly 8 bytes: accepted
	h.Exchange("AT\r", "AT\r\r\nOK\r\n")
}

func TestNULBytes(t *testing.T) {
	h := atcmdtest.Start(t, nil, markHandler)
	nuls := make([]byte, 1<<20)
	w := watchHeap()
	if err := h.DTE.SendBytes(nuls); err != nil {
		t.Fatal(err)
	}
	h.Exchange("AT\r", "AT\r\r\nOK\r\n") // NULs are neither stored nor echoed
	checkMem(t, w)
	h.Exchange("A\x00T\x00+MARK\r", "AT+MARK\r\r\n"+marker+"\r\n\r\nOK\r\n")
}

func TestCtrlZAndESCOutsideDataMode(t *testing.T) {
	h := atcmdtest.Start(t, nil, nil)
	h.Exchange("\x1a\x1b\x1a", "")
	h.Exchange("AT\x1a\r", "AT\r\r\nOK\r\n")
	h.Exchange("\x1bAT\r", "AT\r\r\nOK\r\n")
}
