package emulator

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// wsPeerJS is an independent websocket server (npm ws, pinned in
// .ci/peers/package.json) on 127.0.0.1: it prints "PORT <n>", echoes text
// and binary unchanged, answers the text "headers?" with the handshake's
// headers as JSON, and exits when stdin closes.
const wsPeerJS = `'use strict';
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 0 });
wss.on('listening', () => process.stdout.write('PORT ' + wss.address().port + '\n'));
wss.on('connection', (ws, req) => {
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.toString() === 'headers?') { ws.send(JSON.stringify(req.headers)); return; }
    ws.send(data, { binary: isBinary });
  });
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`

// startNodePeer runs wsPeerJS and returns its ws:// base URL. Without node
// or the ws module the test is skipped, unless CI=true (CI installs both).
func startNodePeer(t *testing.T) string {
	t.Helper()
	mods, _ := filepath.Abs(filepath.Join("..", ".ci", "peers", "node_modules"))
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(mods, "ws"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("npm ws peer unavailable in CI: %v", err)
		}
		t.Skipf("npm ws peer unavailable: %v", err)
	}
	script := filepath.Join(t.TempDir(), "ws_peer.js")
	if err := os.WriteFile(script, []byte(wsPeerJS), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, script)
	cmd.Env = append(os.Environ(), "NODE_PATH="+mods)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	port, ok := strings.CutPrefix(strings.TrimSpace(line), "PORT ")
	if err != nil || !ok {
		t.Fatalf("peer did not start: %q %v", line, err)
	}
	return "ws://127.0.0.1:" + port
}

// TestWSPTYNodePeer: the end-to-end cases against npm ws instead of the
// built-in server: text, binary, fragmented, 64 KiB, headers, close+reuse.
func TestWSPTYNodePeer(t *testing.T) {
	base := startNodePeer(t)
	p := startPTY(t, testConfig())
	p.wsConnect(t, 0, base+"/peer", `AT+WSHEADERS=0,"X-Device: air780emu","X-Token: abc 123"`)
	p.echoRoundTrip(t, 0, []byte("hello peer"), false)
	p.echoRoundTrip(t, 0, []byte{0, 0xff, 0x1a, '\r', '\n'}, true)
	big := make([]byte, 64<<10)
	for i := range big {
		big[i] = byte(i % 251)
	}
	p.echoRoundTrip(t, 0, big, true)
	fragmentedEcho(t, p, 0, []string{"a-", "b-", "c"})
	if got := p.host.send("0,8", []byte("headers?")); got != "OK" {
		t.Fatal(got)
	}
	msg, other := p.host.recvMessage(0, 1)
	var h map[string]string
	if err := json.Unmarshal(msg, &h); err != nil {
		t.Fatalf("headers reply %q: %v", msg, err)
	}
	if h["x-device"] != "air780emu" || h["x-token"] != "abc 123" {
		t.Fatalf("peer saw headers %v", h)
	}
	if len(other) == 0 {
		other = append(other, p.host.nextURC())
	}
	if len(other) != 1 || other[0].line != "+WSSENT: 0" {
		t.Fatalf("other URCs %q, want +WSSENT: 0", lines(other))
	}
	p.host.ok("AT+WSCLOSE=0")
	p.wsConnect(t, 0, base+"/again")
	p.echoRoundTrip(t, 0, []byte("reused"), false)
}

// fragmentedEcho sends parts as one fragmented text message and expects
// it back whole, plus one +WSSENT per part.
func fragmentedEcho(t *testing.T, p *ptyDevice, id int, parts []string) {
	t.Helper()
	for i, s := range parts {
		fin := 0
		if i == len(parts)-1 {
			fin = 1
		}
		if got := p.host.send(fmt.Sprintf("%d,%d,%d,0", id, len(s), fin), []byte(s)); got != "OK" {
			t.Fatalf("piece %d: %s", i, got)
		}
	}
	msg, other := p.host.recvMessage(id, 1)
	if string(msg) != strings.Join(parts, "") {
		t.Fatalf("got %q", msg)
	}
	sent := fmt.Sprintf("+WSSENT: %d", id)
	for n := len(other); n < len(parts); n++ {
		other = append(other, p.host.nextURC())
	}
	for _, ev := range other {
		if ev.line != sent {
			t.Fatalf("unexpected %q", ev.line)
		}
	}
}

// TestWSHeadersSeen: AT+WSHEADERS reaches the server's handshake (spec
// mode: normal header syntax), and replaces earlier headers on reconnect.
func TestWSHeadersSeen(t *testing.T) {
	srv := startRecServer(t, true)
	p := startPTY(t, testConfig())
	p.wsConnect(t, 0, srv.url+"/h", `AT+WSHEADERS=0,"Authorization: Basic QUJD","X-Serial:  42 "`)
	h := srv.lastHeaders()
	if h.Get("Authorization") != "Basic QUJD" || h.Get("X-Serial") != "42" {
		t.Fatalf("server saw %v", h)
	}
	p.host.ok(`AT+WSHEADERS=0,"X-Other: 1"`)
	p.host.ok("AT+WSCONNECT=0")
	p.host.waitURC("+WSCONACK: 0")
	h = srv.lastHeaders()
	if h.Get("X-Other") != "1" || h.Get("Authorization") != "" {
		t.Fatalf("after replacing: server saw %v", h)
	}
}
