package netif

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestBackpressureBoundsMemory: when the peer stops reading, a staged Write
// blocks once the queue is full (it does not buffer without limit) and its
// deadline returns how much was accepted; nothing accepted is lost.
func TestBackpressureBoundsMemory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 30)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "latency=1ms")
		dev, peer := dialPipe(t, ifc, pn)
		dev.SetWriteDeadline(time.Now().Add(time.Second))
		n, err := dev.Write(make([]byte, 50<<20))
		if !isErr(err, errDeadline) {
			t.Fatalf("write: %v, want deadline exceeded", err)
		}
		// queue + the segment runUp holds + one writev batch
		if limit := (queueSlots + 1 + maxBatch) * 1460; n > limit || n < queueSlots*1460 {
			t.Fatalf("accepted %d bytes, want between %d and %d", n, queueSlots*1460, limit)
		}
		dev.SetWriteDeadline(time.Time{})
		readFull(t, peer, n)
	})
}

// TestDownBackpressure: a device that does not read stalls the peer's
// writes instead of queueing without limit.
func TestDownBackpressure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 31)
		ifc := s.Interface(LWIPGP)
		configure(t, ifc, "latency=1ms")
		dev, peer := dialPipe(t, ifc, pn)
		dev.SetReadDeadline(time.Now()) // switch the down direction to the pipeline
		dev.Read(make([]byte, 1))
		peer.SetWriteDeadline(time.Now().Add(time.Second))
		n, err := peer.Write(make([]byte, 50<<20))
		// the queued segments plus the one socket read being split into them
		if limit := queueSlots*1460 + readBufSize; err == nil || n > limit {
			t.Fatalf("peer wrote %d bytes, err %v: want a stall within %d bytes", n, err, limit)
		}
		dev.SetReadDeadline(time.Time{})
		readFull(t, dev, n)
	})
}

// TestConcurrentChaos: many connections echo while the interface is
// reconfigured and toggled; no deadlock, no race, every goroutine ends at
// Close, and surviving connections deliver exact bytes.
func TestConcurrentChaos(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, pn := pipeSet(t, 32)
		ifc := s.Interface(LWIPGP)
		var wg sync.WaitGroup
		var lines atomic.Int64
		stop := make(chan struct{})
		for k := range 20 {
			wg.Go(func() { lines.Add(int64(worker(t, ifc, pn, k, stop, &wg))) })
		}
		specs := []string{"latency=5ms,jitter=2ms", "", "rate=100kB,loss=1%", "latency=1ms,drop=every:20ms", "mtu=576"}
		for k := range 40 {
			configure(t, ifc, specs[k%len(specs)])
			if k%7 == 3 {
				ifc.SetUp(false)
				ifc.SetUp(true)
			}
			time.Sleep(25 * time.Millisecond)
		}
		close(stop)
		s.Close()
		wg.Wait()
		c := ifc.Counters()
		t.Logf("%d lines echoed; counters %+v", lines.Load(), c)
		if lines.Load() < 1000 || c.Resets == 0 || c.Drops == 0 {
			t.Fatalf("chaos too tame: %d lines, counters %+v", lines.Load(), c)
		}
	})
}

// worker dials, chats until the connection fails, and redials, until stop.
func worker(t *testing.T, ifc *Interface, pn *pipeNet, id int, stop chan struct{}, wg *sync.WaitGroup) (lines int) {
	for {
		select {
		case <-stop:
			return lines
		default:
		}
		c, err := ifc.DialContext(context.Background(), "tcp", "127.0.0.1:7")
		if err != nil {
			checkChaosErr(t, err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		peer := <-pn.peers
		wg.Go(func() { echoPipe(peer) })
		lines += chatter(t, c, id)
	}
}

func echoPipe(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		if _, err := c.Write(buf[:n]); err != nil {
			return
		}
	}
}

// chatter writes numbered lines and checks the echo until the connection
// fails; a failure must be one of the documented errors.
func chatter(t *testing.T, c net.Conn, id int) (k int) {
	defer c.Close()
	for ; ; k++ {
		msg := fmt.Sprintf("conn %d line %d\n", id, k)
		if _, err := c.Write([]byte(msg)); err != nil {
			checkChaosErr(t, err)
			return k
		}
		got := make([]byte, len(msg))
		if _, err := readAll(c, got); err != nil {
			checkChaosErr(t, err)
			return k
		}
		if string(got) != msg {
			t.Errorf("echo %q, want %q", got, msg)
			return k
		}
		time.Sleep(time.Millisecond) // lets virtual time advance on ideal links
	}
}

func readAll(c net.Conn, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k, err := c.Read(b[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func checkChaosErr(t *testing.T, err error) {
	for _, ok := range []error{ErrDown, ErrDropped, ErrReset, net.ErrClosed} {
		if isErr(err, ok) {
			return
		}
	}
	t.Errorf("unexpected error %v", err)
}
