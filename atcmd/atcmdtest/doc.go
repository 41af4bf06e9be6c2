// Package atcmdtest is a scripted DTE for testing AT command engines: the
// host side of a serial line, driven from tests. It sends bytes and expects
// exact bytes back, with timeouts, over any io.ReadWriter (an in-memory
// net.Pipe, a TCP connection, a PTY). Start wires an atcmd.Engine to a DTE
// over net.Pipe and cleans everything up when the test ends.
package atcmdtest
