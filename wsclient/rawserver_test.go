package wsclient

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
)

// frame is one websocket frame as a raw server saw it (RFC 6455 §5.2).
type frame struct {
	fin     bool
	opcode  int
	masked  bool
	payload []byte // unmasked
}

// rawServer is a hand-written websocket server on 127.0.0.1 that records the
// handshake request verbatim and every frame the client sends, so tests can
// check bytes on the wire, which coder/websocket servers hide.
type rawServer struct {
	ln       net.Listener
	requests chan string
	frames   chan frame
	wg       sync.WaitGroup
	mu       sync.Mutex
	conns    []net.Conn
}

func newRawServer(t testing.TB) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rs := &rawServer{ln: ln, requests: make(chan string, 10), frames: make(chan frame, 100)}
	rs.wg.Add(1)
	go rs.accept()
	t.Cleanup(func() {
		ln.Close()
		rs.mu.Lock()
		for _, c := range rs.conns {
			c.Close()
		}
		rs.mu.Unlock()
		rs.wg.Wait()
	})
	return rs
}

func (rs *rawServer) addr() string { return rs.ln.Addr().String() }

func (rs *rawServer) accept() {
	defer rs.wg.Done()
	for {
		c, err := rs.ln.Accept()
		if err != nil {
			return
		}
		rs.mu.Lock()
		rs.conns = append(rs.conns, c)
		rs.mu.Unlock()
		rs.wg.Add(1)
		go rs.serve(c)
	}
}

func (rs *rawServer) serve(c net.Conn) {
	defer rs.wg.Done()
	defer c.Close()
	br := bufio.NewReader(c)
	var req strings.Builder
	key := ""
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		req.WriteString(line)
		if k, ok := strings.CutPrefix(line, "Sec-Websocket-Key: "); ok {
			key = strings.TrimSpace(k)
		}
		if line == "\r\n" {
			break
		}
	}
	rs.requests <- req.String()
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Accept: "+base64.StdEncoding.EncodeToString(h[:])+"\r\n\r\n")
	for {
		f, err := readFrame(br)
		if err != nil {
			return
		}
		rs.frames <- f
	}
}

// readFrame parses one client frame.
func readFrame(r io.Reader) (frame, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return frame{}, err
	}
	f := frame{fin: h[0]&0x80 != 0, opcode: int(h[0] & 0x0f), masked: h[1]&0x80 != 0}
	n := uint64(h[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return frame{}, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return frame{}, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	var key [4]byte
	if f.masked {
		if _, err := io.ReadFull(r, key[:]); err != nil {
			return frame{}, err
		}
	}
	f.payload = make([]byte, n)
	if _, err := io.ReadFull(r, f.payload); err != nil {
		return frame{}, err
	}
	for i := range f.payload {
		f.payload[i] ^= key[i%4]
	}
	return f, nil
}
