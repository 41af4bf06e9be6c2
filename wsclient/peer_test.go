package wsclient

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nodePeer starts testdata/ws_peer.js (npm ws, an independent websocket
// implementation) and returns its ws:// base URL. Missing node or module:
// skip locally, fail when CI=true (CI installs both, see .ci/run).
func nodePeer(t *testing.T) string {
	t.Helper()
	mods, _ := filepath.Abs(filepath.Join("..", ".ci", "peers", "node_modules"))
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(mods, "ws", "package.json"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("npm ws peer unavailable in CI: %v", err)
		}
		t.Skipf("npm ws peer unavailable: %v", err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "ws_peer.js"))
	cmd.Env = append(os.Environ(), "NODE_PATH="+mods)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close() // the peer exits on stdin EOF
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(waitEvent):
			cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	port, ok := strings.CutPrefix(strings.TrimSpace(line), "PORT ")
	if err != nil || !ok {
		t.Fatalf("peer said %q: %v", line, err)
	}
	return "ws://127.0.0.1:" + port
}

// TestNodePeer runs text, binary, fragmented sends, a 100 KiB message and
// server pings against the npm ws server.
func TestNodePeer(t *testing.T) {
	base := nodePeer(t)
	c := mustCreate(t, base+"/any", nil)
	connect(t, c)

	send := func(b []byte, fin bool, op int) {
		t.Helper()
		if err := c.Send(b, fin, op); err != nil {
			t.Fatal(err)
		}
	}
	send([]byte("text ✓"), true, 0)
	if got := recvMessage(t, c, 1, DefaultRecvMax); string(got) != "text ✓" {
		t.Fatalf("text %q", got)
	}
	send([]byte{0, 0xfe, 0xff}, true, 1)
	if got := recvMessage(t, c, 2, DefaultRecvMax); !bytes.Equal(got, []byte{0, 0xfe, 0xff}) {
		t.Fatalf("binary %x", got)
	}
	send([]byte("123"), false, 1)
	send([]byte("456"), false, 1)
	send([]byte("789"), true, 1)
	if got := recvMessage(t, c, 2, DefaultRecvMax); string(got) != "123456789" {
		t.Fatalf("fragmented %q", got)
	}
	big := bytes.Repeat([]byte("ws-peer!"), 100*1024/8)
	send(big, true, 1)
	if got := recvMessage(t, c, 2, DefaultRecvMax); !bytes.Equal(got, big) {
		t.Fatalf("100 KiB: got %d bytes", len(got))
	}
	send([]byte("ping-me"), true, 0)
	if got := recvMessage(t, c, 1, DefaultRecvMax); string(got) != "pongs 3" {
		t.Fatalf("after pings %q", got)
	}
}
