//go:build linux

package main

import (
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// exclGuard clears a tty's exclusive-open flag each time a host closes it.
//
// Why: host serial libraries (go.bug.st/serial among them) lock the tty
// with TIOCEXCL while they hold it and unlock it in Close. Because the
// emulator keeps a slave fd open for the port's life, the tty is never
// released, so a host that dies without closing (SIGKILL, a test timeout)
// would leave the lock set and every later non-root opener would get EBUSY
// (root bypasses the lock). The kernel closes a dead process's fds, and
// inotify reports that close on the /dev/pts/N node; the guard then clears
// the flag through the emulator's own slave fd (TIOCNXCL). A live second
// host that had also locked the tty loses its lock when another opener
// closes: a weaker lock, never a refused host.
type exclGuard struct {
	ino   *os.File // inotify fd, non-blocking, served by the poller
	slave *os.File
	wg    sync.WaitGroup
	once  sync.Once
}

// watchCloses starts a guard over the slave at path.
func watchCloses(path string, slave *os.File) (*exclGuard, error) {
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("inotify: %w", err)
	}
	if _, err := unix.InotifyAddWatch(fd, path, unix.IN_CLOSE_WRITE|unix.IN_CLOSE_NOWRITE); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("inotify watch %s: %w", path, err)
	}
	g := &exclGuard{ino: os.NewFile(uintptr(fd), "inotify:"+path), slave: slave}
	g.wg.Add(1)
	go g.loop()
	return g, nil
}

// loop clears the flag after every batch of close events until Close.
func (g *exclGuard) loop() {
	defer g.wg.Done()
	buf := make([]byte, 4096) // whole events only; any event means "closed"
	for {
		if _, err := g.ino.Read(buf); err != nil {
			return
		}
		g.clear()
	}
}

// clear issues TIOCNXCL on the emulator's slave fd.
func (g *exclGuard) clear() {
	rc, err := g.slave.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		unix.Syscall(unix.SYS_IOCTL, fd, unix.TIOCNXCL, 0)
	})
}

// Close stops the guard and waits for its goroutine; idempotent.
func (g *exclGuard) Close() {
	g.once.Do(func() {
		g.ino.Close()
		g.wg.Wait()
	})
}
