package emulator

// wsBufCap bounds a client's buffer-mode store (AT+WSRECVMODE=<id>,1). When a
// piece does not fit, the client's event pump waits: wsclient then stops
// reading the socket and TCP pushes back on the server. Nothing is dropped.
const wsBufCap = 64 << 10

// wsPiece is one received websocket piece as +WSRECV / +WSREAD report it.
type wsPiece struct {
	data   []byte
	fin    bool
	opcode int // RFC 6455: 1 text, 2 binary, 0 continuation
}

// wsRecvBuf is the bounded FIFO of pieces a buffer-mode client holds until
// the host pulls them with AT+WSREAD. Not safe for concurrent use: the slot's
// mutex guards it.
type wsRecvBuf struct {
	pieces []wsPiece
	size   int // bytes held
	cap    int
}

// fits reports whether n more bytes may be stored. An empty buffer takes any
// piece (pieces are at most the board's receive size, far below cap), so a
// piece never waits forever.
func (b *wsRecvBuf) fits(n int) bool { return b.size == 0 || b.size+n <= b.cap }

// push appends a piece; the caller checked fits.
func (b *wsRecvBuf) push(p wsPiece) {
	b.pieces = append(b.pieces, p)
	b.size += len(p.data)
}

// empty reports whether nothing is stored.
func (b *wsRecvBuf) empty() bool { return len(b.pieces) == 0 }

// pop removes the head piece whole.
func (b *wsRecvBuf) pop() wsPiece {
	p := b.pieces[0]
	b.pieces[0] = wsPiece{}
	b.pieces = b.pieces[1:]
	b.size -= len(p.data)
	return p
}

// read removes up to max bytes of the head piece. A piece longer than max is
// split: the part returned has fin false, and the rest stays at the head as a
// continuation (opcode 0) carrying the piece's own fin, so the host can still
// reassemble the message from fin and opcode alone.
func (b *wsRecvBuf) read(max int) (wsPiece, bool) {
	if b.empty() {
		return wsPiece{}, false
	}
	head := &b.pieces[0]
	if len(head.data) <= max {
		return b.pop(), true
	}
	part := wsPiece{data: head.data[:max:max], fin: false, opcode: head.opcode}
	head.data = head.data[max:]
	head.opcode = 0
	b.size -= max
	return part, true
}
