package atcmdtest_test

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/atcmd/atcmdtest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// pair returns a DTE on one end of a pipe and the device end.
func pair(t *testing.T) (*atcmdtest.DTE, net.Conn) {
	dev, host := net.Pipe()
	d := atcmdtest.NewDTE(host)
	t.Cleanup(func() { dev.Close(); d.Close() })
	return d, dev
}

func TestExpect(t *testing.T) {
	d, dev := pair(t)
	go dev.Write([]byte("\r\nOK\r\n\r\nRDY\r\n"))
	if err := d.Expect("\r\nOK\r\n"); err != nil {
		t.Fatal(err)
	}
	err := d.Expect("\r\nRDX\r\n")
	if err == nil || !strings.Contains(err.Error(), `got "\r\nRDY\r\n"`) {
		t.Fatalf("mismatch error %v", err)
	}
	if err := d.Expect("\r\nRDY\r\n"); err != nil { // a mismatch consumes nothing
		t.Fatal(err)
	}
}

func TestExpectTimeout(t *testing.T) {
	d, dev := pair(t)
	d.Timeout = 20 * time.Millisecond
	go dev.Write([]byte("OK"))
	err := d.Expect("OK\r\n")
	if !errors.Is(err, atcmdtest.ErrTimeout) || !strings.Contains(err.Error(), `got "OK"`) {
		t.Fatalf("timeout error %v", err)
	}
}

func TestReadUntilBounded(t *testing.T) {
	d, dev := pair(t)
	go func() {
		junk := []byte(strings.Repeat("x", 64<<10))
		for range 64 { // 4 MiB, more than MaxBuffer: the DTE must keep reading
			dev.Write(junk)
		}
		dev.Write([]byte("END\r\n"))
	}()
	tail, err := d.ReadUntil("END\r\n", 8)
	if err != nil {
		t.Fatal(err)
	}
	if string(tail) != "xxxEND\r\n" {
		t.Fatalf("tail %q", tail)
	}
	if n := len(d.Pending()); n != 0 {
		t.Fatalf("%d bytes left", n)
	}
}

// TestBackpressure: without a consumer the DTE stops reading once it holds
// MaxBuffer bytes, so the device's write cannot complete; consuming resumes it.
func TestBackpressure(t *testing.T) {
	d, dev := pair(t)
	wrote := make(chan struct{})
	go func() {
		dev.Write(make([]byte, 2*atcmdtest.MaxBuffer))
		close(wrote)
		dev.Write([]byte("END"))
	}()
	select {
	case <-wrote:
		t.Fatal("the DTE buffered 2*MaxBuffer without a consumer")
	case <-time.After(50 * time.Millisecond):
	}
	if n := len(d.Pending()); n > atcmdtest.MaxBuffer+32<<10 {
		t.Fatalf("DTE holds %d bytes", n)
	}
	if _, err := d.ReadUntil("END", 4); err != nil {
		t.Fatal(err)
	}
	<-wrote
}

// TestCloseWithUnconsumedData: Close returns even when the reader is
// waiting for a consumer.
func TestCloseWithUnconsumedData(t *testing.T) {
	dev, host := net.Pipe()
	d := atcmdtest.NewDTE(host)
	go dev.Write(make([]byte, 2*atcmdtest.MaxBuffer))
	for len(d.Pending()) <= atcmdtest.MaxBuffer {
		time.Sleep(time.Millisecond)
	}
	d.Close()
	dev.Close()
}
