package atcmd_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/air780emu/air780emu/atcmd"
)

// benchLines is a typical init sequence: 9 commands in 6 lines.
var benchLines = []string{
	"AT",
	"ATE0V1Q0",
	"AT+CMEE=1;+CPIN?",
	"AT+CREG?;+CGATT?",
	`AT+CIPSTART="TCP","112.125.89.8",46466`,
	`AT+WSCREATE=0,"ws://echo.airtun.air32.cn/ws/echo",1,60`,
}

// BenchmarkParse measures ParseLine: commands per second and allocations
// per command.
func BenchmarkParse(b *testing.B) {
	cmds := 0
	for _, l := range benchLines {
		c, err := atcmd.ParseLine(l)
		if err != nil {
			b.Fatal(err)
		}
		cmds += len(c)
	}
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		for _, l := range benchLines {
			atcmd.ParseLine(l)
		}
	}
	el := time.Since(start)
	b.ReportMetric(float64(b.N*cmds)/el.Seconds(), "cmds/s")
	b.ReportMetric(float64(testing.AllocsPerRun(100, func() {
		for _, l := range benchLines {
			atcmd.ParseLine(l)
		}
	}))/float64(cmds), "allocs/cmd")
}

var reply = []byte("AT\r\r\nOK\r\n")

// readN reads exactly len(buf) bytes.
func readN(r io.Reader, buf []byte) error {
	_, err := io.ReadFull(r, buf)
	return err
}

// echoPipe starts a raw echo loop over net.Pipe (the same bytes as the
// engine's reply, no AT engine) and returns the host end.
func echoPipe() net.Conn {
	dce, host := net.Pipe()
	go func() {
		defer dce.Close()
		buf := make([]byte, 64)
		for {
			k, err := dce.Read(buf)
			if err != nil {
				return
			}
			if bytes.IndexByte(buf[:k], '\r') >= 0 {
				if _, err := dce.Write(reply); err != nil {
					return
				}
			}
		}
	}()
	return host
}

// roundTrips runs n "AT\r" round trips on host and returns their duration.
func roundTrips(b *testing.B, host net.Conn, n int) time.Duration {
	in := make([]byte, len(reply))
	cmd := []byte("AT\r")
	start := time.Now()
	for range n {
		host.Write(cmd)
		if err := readN(host, in); err != nil {
			b.Fatal(err)
		}
	}
	if n > 0 && !bytes.Equal(in, reply) {
		b.Fatalf("reply %q", in)
	}
	return time.Since(start)
}

// BenchmarkEngineRoundTrip measures "AT\r" → echo + OK through the engine
// over net.Pipe (ns/op), and a raw pipe echo loop answering the same bytes
// in the same run, interleaved in 10 blocks so that both see the same
// machine state; "ratio" = engine ÷ raw.
func BenchmarkEngineRoundTrip(b *testing.B) {
	dce, host := net.Pipe()
	e := atcmd.New(dce, nil)
	done := make(chan error, 1)
	go func() { done <- e.Serve(context.Background()) }()
	raw := echoPipe()
	roundTrips(b, host, 100) // warm up both
	roundTrips(b, raw, 100)
	b.ReportAllocs()
	b.ResetTimer()
	var eng, base time.Duration
	for blk := range 10 {
		n := b.N / 10
		if blk == 9 {
			n = b.N - 9*(b.N/10)
		}
		eng += roundTrips(b, host, n)
		b.StopTimer()
		base += roundTrips(b, raw, n)
		b.StartTimer()
	}
	b.StopTimer()
	e.Close()
	<-done
	dce.Close()
	host.Close()
	raw.Close()
	b.ReportMetric(float64(base.Nanoseconds())/float64(b.N), "raw-ns/rt")
	b.ReportMetric(float64(eng)/float64(base), "ratio")
}

// BenchmarkDataMode measures fixed-length data mode (AT+D=65536, then 64 KiB,
// echo off, as AT+WSSEND/AT+CIPSEND use it) in MB/s, against io.Copy of the
// same bytes through a raw net.Pipe in the same run ("ratio" = engine time
// ÷ raw time).
func BenchmarkDataMode(b *testing.B) {
	const size = 64 << 10
	payload := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	dce, host := net.Pipe()
	e := atcmd.New(dce, &atcmd.Options{MaxData: size})
	s := atcmd.DefaultSettings()
	s.Echo = false
	e.SetSettings(s)
	e.Handle("+D", func(ctx context.Context, c *atcmd.Cmd) error {
		_, err := c.Data(ctx, size)
		return err
	})
	done := make(chan error, 1)
	go func() { done <- e.Serve(context.Background()) }()
	cmd := []byte("AT+D=65536\r")
	prompt := make([]byte, len("\r\n> "))
	final := make([]byte, len("\r\nOK\r\n"))
	transfer := func() {
		host.Write(cmd)
		readN(host, prompt)
		host.Write(payload)
		if err := readN(host, final); err != nil || string(final) != "\r\nOK\r\n" {
			b.Fatalf("final %q %v", final, err)
		}
	}
	rawDCE, rawHost := net.Pipe()
	go io.Copy(io.Discard, rawDCE)
	raw := func() { rawHost.Write(payload) }
	transfer()
	b.SetBytes(size)
	b.ResetTimer()
	var eng, base time.Duration
	for range b.N {
		t0 := time.Now()
		transfer()
		t1 := time.Now()
		raw()
		base += time.Since(t1)
		eng += t1.Sub(t0)
	}
	b.StopTimer()
	e.Close()
	<-done
	dce.Close()
	host.Close()
	rawHost.Close()
	rawDCE.Close()
	b.ReportMetric(float64(size)*float64(b.N)/eng.Seconds()/1e6, "engine-MB/s")
	b.ReportMetric(float64(size)*float64(b.N)/base.Seconds()/1e6, "raw-MB/s")
	b.ReportMetric(float64(eng)/float64(base), "ratio")
}
