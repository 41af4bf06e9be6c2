package emulator

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// floodServer writes count binary messages of size bytes to each client as
// fast as the connection takes them; message i is filled with the 4-byte
// big-endian i repeated, so the host can check every byte.
type floodServer struct {
	url         string
	count, size int
	written     atomic.Int64 // bytes of messages whose Write returned
	done        chan struct{}
}

func startFloodServer(t testing.TB, count, size int) *floodServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fs := &floodServer{url: "ws://" + ln.Addr().String() + "/flood", count: count, size: size, done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var once sync.Once
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
		if err != nil {
			return
		}
		defer c.CloseNow()
		go func() { // a reader, so pings and closes are handled
			for {
				if _, _, err := c.Read(ctx); err != nil {
					return
				}
			}
		}()
		for i := range fs.count {
			if err := c.Write(ctx, websocket.MessageBinary, floodMsg(i, fs.size)); err != nil {
				return
			}
			fs.written.Add(int64(fs.size))
		}
		once.Do(func() { close(fs.done) })
		<-ctx.Done()
	})}
	go srv.Serve(smallSendBuf{ln.(*net.TCPListener)})
	t.Cleanup(func() {
		cancel()
		srv.Close()
		wg.Wait()
	})
	return fs
}

// smallSendBuf gives accepted connections a 16 KiB send buffer, so what the
// kernel absorbs on the server's side is small next to the 10 MB flood and
// backpressure shows in the server's progress. (A small receive buffer
// would be below loopback's 64 KiB MSS and stall TCP on zero-window probes.)
type smallSendBuf struct{ *net.TCPListener }

func (l smallSendBuf) Accept() (net.Conn, error) {
	c, err := l.AcceptTCP()
	if err != nil {
		return nil, err
	}
	c.SetWriteBuffer(16 << 10)
	return c, nil
}

func floodMsg(i, size int) []byte {
	b := make([]byte, size)
	for j := 0; j+4 <= size; j += 4 {
		binary.BigEndian.PutUint32(b[j:], uint32(i))
	}
	return b
}

// slowReader passes at most 100 bytes per 100 ms (1 KB/s) while slow is set.
type slowReader struct {
	r    io.Reader
	slow atomic.Bool
}

func (s *slowReader) Read(p []byte) (int, error) {
	if s.slow.Load() {
		time.Sleep(100 * time.Millisecond)
		p = p[:min(len(p), 100)]
	}
	return s.r.Read(p)
}

func heapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestWSSlowHostNoLoss: the server floods 10 MB in 1 KiB messages; the host
// reads the PTY at 1 KB/s for 3 s, then at full speed. Backpressure reaches
// the server (it cannot finish while the host is slow), the emulator's heap
// stays bounded, and the host finally gets every message, in order, byte
// for byte.
func TestWSSlowHostNoLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("10 MB flood")
	}
	const count, size = 10240, 1024
	fs := startFloodServer(t, count, size)
	p, slow := startPTYSlow(t)
	p.host.ok(fmt.Sprintf("AT+WSCREATE=0,%q", fs.url))
	base := heapInuse()
	slow.slow.Store(true)
	p.host.write([]byte("AT+WSCONNECT=0\r"))
	time.Sleep(3 * time.Second)
	grown := int64(heapInuse()) - int64(base)
	written := fs.written.Load()
	slow.slow.Store(false)
	t.Logf("after 3 s of a 1 KB/s host: server wrote %d of %d bytes; heap grew %d KiB", written, count*size, grown>>10)
	if written >= 2<<20 { // measured ≈ 0.5 MB: kernel buffers plus the emulator's bounded queues

		t.Errorf("server wrote %d bytes to a host reading 1 KB/s: no backpressure", written)
	}
	if grown > 8<<20 { // measured ≈ 1 MiB
		t.Errorf("heap grew %d MiB while the host was slow", grown>>20)
	}
	if _, final := p.host.response(); final != "OK" {
		t.Fatalf("AT+WSCONNECT: %s", final)
	}
	p.host.waitURC("+WSCONACK: 0")
	for i := range count {
		msg, other := p.host.recvMessage(0, 2)
		if len(other) > 0 {
			t.Fatalf("unexpected URCs %q", lines(other))
		}
		if string(msg) != string(floodMsg(i, size)) {
			t.Fatalf("message %d: wrong bytes (%d long, starts %x)", i, len(msg), head(msg))
		}
	}
	select {
	case <-fs.done:
	case <-time.After(10 * time.Second):
		t.Fatal("server never finished")
	}
}

// startPTYSlow is startPTY with a throttle on the host's reads.
func startPTYSlow(t *testing.T) (*ptyDevice, *slowReader) {
	var sr *slowReader
	p := startPTYWith(t, testConfig(), func(r io.Reader) io.Reader {
		sr = &slowReader{r: r}
		return sr
	})
	return p, sr
}
