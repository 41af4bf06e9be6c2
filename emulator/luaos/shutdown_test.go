package luaos

import (
	"context"
	"net"
	"testing"
	"time"
)

// TestShutdownWithStalledHost: a script writing to UART1 while the host
// reads nothing blocks (backpressure, nothing dropped); cancelling Run
// still ends it, and the reader goroutines with it (goleak checks).
func TestShutdownWithStalledHost(t *testing.T) {
	dev, host := net.Pipe() // synchronous: every write waits for a read
	defer host.Close()
	defer dev.Close()
	dir := writeProject(t, map[string]string{"main.lua": `
uart.setup(1, 115200)
sys.taskInit(function()
  log.info("w", "start")
  while true do uart.write(1, "data") sys.wait(1) end
end)
sys.run()
`})
	sink := newLogSink()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, Options{Script: dir, UART: dev, Stdout: sink}) }()
	sink.waitFor(t, "I/user.w start", 5*time.Second)
	buf := make([]byte, 4)
	if _, err := host.Read(buf); err != nil || string(buf) != "data" {
		t.Fatalf("host read %q, %v", buf, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return while the VM was blocked writing")
	}
}
