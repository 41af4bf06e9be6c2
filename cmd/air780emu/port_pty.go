package main

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// ptyPort is the emulator's own virtual serial port. The module sits on the
// master; the host opens the slave path (or the -link symlink).
//
// Pitfalls handled here (reference/anchors.md §C.1, style-anchors.md §8.1,
// baselines.md §5):
//   - the slave is put in raw mode at once, through SyscallConn().Control so
//     the file stays non-blocking; otherwise the tty echoes the module's output
//     back into the master and maps CR to LF;
//   - one slave fd stays open for the port's life, so the master never reads
//     EIO when the host closes, and a host may close and reopen any number of
//     times; bytes the module writes while no host is attached wait in the
//     tty buffer (about 20 KiB measured) and then the module's writes block
//     (backpressure, never dropped);
//   - a host killed while holding the tty's exclusive lock (TIOCEXCL) would
//     lock every later non-root host out; exclGuard clears the lock
//     whenever a host closes the tty;
//   - pty.Open leaves the master blocking (it calls Fd()), so it is dup'd,
//     set non-blocking and re-wrapped with os.NewFile: Go's poller then serves
//     it and Close unblocks a pending Read (70 µs → 6 µs per AT round trip).
//
// Termios belongs to the tty, not to an opener, and survives reopening
// because the tty is never released: whoever set it last wins. Host serial
// libraries (go.bug.st/serial, tarm/serial, picocom, socat ...,raw) set raw
// mode themselves. Raw mode is not re-applied when a host closes: that
// could race with the next host's own settings (tarm/serial's VMIN/VTIME
// read timeouts, for one). A host that turns echo on makes the tty reflect
// the module's output back into it; that is the host's choice (README).
type ptyPort struct {
	master *os.File // non-blocking, served by the poller
	slave  *os.File // held open; never read
	path   string   // /dev/pts/N
	link   string   // symlink to path, or ""
	excl   *exclGuard
	once   sync.Once
	err    error
}

var _ Port = (*ptyPort)(nil)

// openPTY creates the PTY, makes it raw and publishes link (if not empty).
func openPTY(link string) (*ptyPort, error) {
	m, s, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("open pty: %w", err)
	}
	p := &ptyPort{slave: s, path: s.Name(), link: link}
	if err := makeRaw(s); err != nil {
		m.Close()
		s.Close()
		return nil, fmt.Errorf("pty %s: raw mode: %w", p.path, err)
	}
	p.master, err = nonBlocking(m)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("pty %s: %w", p.path, err)
	}
	if p.excl, err = watchCloses(p.path, s); err != nil {
		p.master.Close()
		s.Close()
		return nil, fmt.Errorf("pty %s: %w", p.path, err)
	}
	if link != "" {
		if err := publishLink(p.path, link); err != nil {
			p.excl.Close()
			p.master.Close()
			s.Close()
			return nil, err
		}
	}
	return p, nil
}

// makeRaw puts a tty in raw mode without switching the file to blocking
// (which f.Fd() would do).
func makeRaw(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var rawErr error
	if err := rc.Control(func(fd uintptr) { _, rawErr = term.MakeRaw(int(fd)) }); err != nil {
		return err
	}
	return rawErr
}

// nonBlocking returns a poller-served copy of the blocking file f and closes f.
func nonBlocking(f *os.File) (*os.File, error) {
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	var nfd int
	var dupErr error
	err = rc.Control(func(fd uintptr) { nfd, dupErr = syscall.Dup(int(fd)) })
	if err = errors.Join(err, dupErr); err != nil {
		return nil, fmt.Errorf("dup master: %w", err)
	}
	syscall.CloseOnExec(nfd)
	if err := syscall.SetNonblock(nfd, true); err != nil {
		syscall.Close(nfd)
		return nil, fmt.Errorf("set master non-blocking: %w", err)
	}
	return os.NewFile(uintptr(nfd), "/dev/ptmx"), nil
}

// publishLink points link at target, replacing a stale symlink but never a
// regular file or directory someone else owns.
func publishLink(target, link string) error {
	if fi, err := os.Lstat(link); err == nil {
		if fi.Mode()&os.ModeSymlink == 0 {
			return fmt.Errorf("-link %s: exists and is not a symlink; not replacing it", link)
		}
		if err := os.Remove(link); err != nil {
			return fmt.Errorf("-link %s: remove stale link: %w", link, err)
		}
	}
	if err := os.Symlink(target, link); err != nil {
		return fmt.Errorf("-link: %w", err)
	}
	return nil
}

// Read reads what the host wrote.
func (p *ptyPort) Read(b []byte) (int, error) { return p.master.Read(b) }

// Write sends bytes to the host.
func (p *ptyPort) Write(b []byte) (int, error) { return p.master.Write(b) }

// Addr is the slave path the host opens.
func (p *ptyPort) Addr() string { return p.path }

// Close removes the link (if it still points at this PTY) and closes both
// ends; idempotent, and it unblocks a pending Read or Write.
func (p *ptyPort) Close() error {
	p.once.Do(func() {
		if p.link != "" {
			if t, err := os.Readlink(p.link); err == nil && t == p.path {
				os.Remove(p.link)
			}
		}
		p.excl.Close() // before the slave, whose close it would report
		p.err = errors.Join(p.master.Close(), p.slave.Close())
	})
	return p.err
}
