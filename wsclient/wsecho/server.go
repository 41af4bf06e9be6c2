package wsecho

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a listening echo server (air780emu echo -listen ADDR, and the
// emulator's in-process instance).
type Server struct {
	echo *Echo
	http *http.Server
	ln   net.Listener
	done chan struct{} // closed when Serve returned
	once sync.Once
}

// Listen starts an echo server with default options on addr (e.g.
// "127.0.0.1:0").
func Listen(addr string) (*Server, error) { return ListenOptions(addr, nil) }

// ListenOptions starts an echo server with opts on addr.
func ListenOptions(addr string, opts *Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("wsecho: listen %s: %w", addr, err)
	}
	s := &Server{echo: New(opts), ln: ln, done: make(chan struct{})}
	s.http = &http.Server{Handler: s.echo, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		// Serve returns http.ErrServerClosed after Close; any other error
		// means the listener failed, and Close still works then.
		_ = s.http.Serve(ln)
	}()
	return s, nil
}

// Addr returns the listening address, host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Echo returns the server's handler (for Pongs).
func (s *Server) Echo() *Echo { return s.echo }

// Close stops listening, ends every connection, and returns once every
// goroutine of the server has exited. Idempotent.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		err = s.http.Close()
		s.echo.Shutdown()
		<-s.done
	})
	return err
}
