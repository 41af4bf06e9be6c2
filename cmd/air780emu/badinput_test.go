package main

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.bug.st/serial"
)

// drain reads and discards what the module sends (its echo of our junk)
// until stop is closed, so the PTY never exerts backpressure on it.
func drain(p serial.Port, stop <-chan struct{}, n *atomic.Int64, wg *sync.WaitGroup) {
	defer wg.Done()
	buf := make([]byte, 64<<10)
	for {
		select {
		case <-stop:
			return
		default:
		}
		k, err := p.Read(buf)
		n.Add(int64(k))
		if err != nil {
			return
		}
	}
}

// sendJunk writes junk through the PTY while draining the module's answer,
// then ends any partial line and requires AT → OK afterwards.
func sendJunk(t *testing.T, p serial.Port, junk []byte) {
	t.Helper()
	stop := make(chan struct{})
	var got atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go drain(p, stop, &got, &wg)
	for off := 0; off < len(junk); off += 64 << 10 {
		end := min(off+64<<10, len(junk))
		if _, err := p.Write(junk[off:end]); err != nil {
			close(stop)
			wg.Wait()
			t.Fatalf("write at %d: %v", off, err)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d bytes sent, %d bytes of answer drained while sending", len(junk), got.Load())
	quiesce(t, p)
	p.Write([]byte("\x1b\r")) // leave any data mode the junk entered, end the line
	quiesce(t, p)
	h := &hostDriver{rw: p}
	h.untilOK(t, "AT", 50)
	h.expect(t, "AT+CPIN?", "+CPIN: READY")
}

// quiesce reads until the module has been silent for 300 ms (it has
// consumed and answered all the junk), at most 60 s.
func quiesce(t *testing.T, p serial.Port) {
	t.Helper()
	buf := make([]byte, 64<<10)
	last, deadline := time.Now(), time.Now().Add(60*time.Second)
	for time.Since(last) < 300*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatal("module still talking 60 s after the junk")
		}
		if n, err := p.Read(buf); n > 0 {
			last = time.Now()
		} else if err != nil {
			t.Fatal(err)
		}
	}
}

// heapInUse returns the live heap after a GC.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestBadInputPTY: through the real PTY, random bytes (10 MB), an endless
// line (2 MB with no CR), NUL bytes and Ctrl-Z outside data mode: the
// module answers AT correctly afterwards and its heap stays bounded.
func TestBadInputPTY(t *testing.T) {
	if testing.Short() {
		t.Skip("10 MB through the PTY")
	}
	r := realApp(t)
	p := openHost(t, r.Addr)
	defer p.Close()
	(&hostDriver{rw: p}).untilOK(t, "AT", 20)
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 10<<20)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	cases := []struct {
		name string
		junk []byte
	}{
		{"random 10MB", random},
		{"endless line 8MB", bytes.Repeat([]byte("AT+CSQ"), 8<<20/6)},
		{"NUL bytes", append(bytes.Repeat([]byte{0}, 4096), "A\x00T\x00\r\x00"...)},
		{"Ctrl-Z outside data mode", []byte("\x1a\x1aAT\x1a\r\x1a")},
	}
	before := heapInUse() // the junk buffers are already counted
	for _, c := range cases {
		sendJunk(t, p, c.junk)
		grown := int64(heapInUse()) - int64(before)
		t.Logf("%s: heap in use grew by %d bytes", c.name, grown)
		if grown > 4<<20 {
			t.Fatalf("%s: heap grew by %d bytes, bound 4 MiB (an unbounded line buffer would hold 8 MB)", c.name, grown)
		}
	}
}
