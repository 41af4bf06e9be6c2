package main

import (
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/air780emu/air780emu/boards"
)

// TestSocatHost: the README's socat line (`socat - PATH,raw,echo=0,crnl`)
// drives the module through the -link path: socat, not Go, is the host.
// Skipped when socat is not installed (it is not a Go dependency).
func TestSocatHost(t *testing.T) {
	socat, err := exec.LookPath("socat")
	if err != nil {
		t.Skip("socat not installed")
	}
	link := t.TempDir() + "/air780"
	realApp(t, "-link", link)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, socat, "-t", "0.3", "-", link+",raw,echo=0,crnl")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	b, _ := boards.Lookup("Air780E")
	imei := boards.NewIdentity(b, testSeed, 0).IMEI
	io.WriteString(in, "ATE0\n")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "OK\n") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling socat's stdout
	}
	io.WriteString(in, "AT+CGSN\n")
	for !strings.Contains(out.String(), imei+"\n\nOK\n") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	in.Close()
	cmd.Wait()
	if !strings.Contains(out.String(), "\n"+imei+"\n\nOK\n") {
		t.Fatalf("socat saw %q, want the IMEI then OK with CR mapped to LF", out.String())
	}
}
