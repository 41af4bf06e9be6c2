package wsclient

import (
	"strings"
	"sync"
	"testing"
)

// TestConcurrentUse hammers one client from several goroutines (Send,
// Ready, Connect, SetHeaders, Close) under -race: no panic, no deadlock,
// Close ends everything, and the events channel is closed.
func TestConcurrentUse(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", nil)
	c.Connect()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for range c.Events() {
		}
	}()
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				c.Send([]byte("x"), i%3 != 0, i%2)
				c.Ready()
				if i%50 == 0 {
					c.Connect()
					c.SetHeaders([][2]string{{"X-I", "1"}})
				}
			}
		}()
	}
	for i := 0; i < 5; i++ {
		roundTrip(t, c.URL()) // let the goroutines run for a while
	}
	close(stop)
	wg.Wait()
	c.Close()
	<-drained
}

// roundTrip does one echo on a fresh client.
func roundTrip(t *testing.T, url string) {
	t.Helper()
	d := mustCreate(t, url, nil)
	connect(t, d)
	d.Send([]byte("y"), true, 0)
	recvMessage(t, d, 1, DefaultRecvMax)
	d.Close()
}

// TestOptionBounds: out-of-range options fail Create with the option named.
func TestOptionBounds(t *testing.T) {
	for _, o := range []*Options{{RecvMax: MaxRecvMax + 1}, {SendQueue: MaxSendQueue + 1}} {
		if _, err := Create("ws://hh/x", o); err == nil || !strings.Contains(err.Error(), "Options.") {
			t.Fatalf("%+v: %v", o, err)
		}
	}
}

// TestIPv6Preference: with IPv6 set, a target reachable only over IPv4
// still connects (tcp6 is tried first, then tcp).
func TestIPv6Preference(t *testing.T) {
	srv := echoServer(t, nil)
	c := mustCreate(t, "ws://"+srv.Addr()+"/ws/echo2", &Options{IPv6: true})
	connect(t, c)
}
