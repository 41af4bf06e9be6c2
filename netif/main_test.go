package netif

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// pipeNet is a dialer whose connections are net.Pipe ends, so stage maths
// can run under testing/synctest. The far ends arrive on peers.
type pipeNet struct {
	peers chan net.Conn
	mu    sync.Mutex
	addrs []string
}

func (p *pipeNet) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	p.mu.Lock()
	p.addrs = append(p.addrs, addr)
	p.mu.Unlock()
	a, b := net.Pipe()
	p.peers <- b
	return a, nil
}

// pipeSet returns a Set over a pipeNet, closed at cleanup.
func pipeSet(t *testing.T, seed int64) (*Set, *pipeNet) {
	t.Helper()
	pn := &pipeNet{peers: make(chan net.Conn, 4096)}
	s := NewSet(&Options{Seed: seed, Dial: pn.dial, Hosts: map[string]string{"svc.test": "127.0.0.1:7"}})
	t.Cleanup(func() { s.Close() })
	return s, pn
}

// dialPipe dials through ifc and returns the device end and the far end.
func dialPipe(t *testing.T, ifc *Interface, pn *pipeNet) (net.Conn, net.Conn) {
	t.Helper()
	c, err := ifc.DialContext(context.Background(), "tcp", "127.0.0.1:7")
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	peer := <-pn.peers
	t.Cleanup(func() { c.Close(); peer.Close() })
	return c, peer
}

// configure applies a -net body to ifc or fails the test.
func configure(t *testing.T, ifc *Interface, body string) {
	t.Helper()
	_, c, err := ParseSpec(string(ifc.Name()) + ":" + body)
	if err != nil {
		t.Fatal(err)
	}
	if err := ifc.Configure(c); err != nil {
		t.Fatal(err)
	}
}

// readFull reads exactly n bytes.
func readFull(t *testing.T, c net.Conn, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatalf("read: %v", err)
	}
	return b
}

// stats returns the mean and standard deviation of xs.
func stats(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

// within reports whether got is within tol of want.
func within(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// isErr reports whether err wraps every target.
func isErr(err error, targets ...error) bool {
	for _, t := range targets {
		if !errors.Is(err, t) {
			return false
		}
	}
	return err != nil
}

var errDeadline = os.ErrDeadlineExceeded
