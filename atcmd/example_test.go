package atcmd_test

import (
	"bytes"
	"context"
	"fmt"
	"net"

	"github.com/air780emu/air780emu/atcmd"
)

// exchange writes one command line to the engine's host end and returns
// the reply up to and including its final result.
func exchange(host net.Conn, line, final string) string {
	host.Write([]byte(line))
	var got []byte
	buf := make([]byte, 256)
	for !bytes.HasSuffix(got, []byte(final)) {
		n, err := host.Read(buf)
		if err != nil {
			break
		}
		got = append(got, buf[:n]...)
	}
	return string(got)
}

// An engine with one handler, served over an in-memory pipe: the reply to
// AT+CSQ is the echo, the info line and OK.
func ExampleEngine() {
	dce, host := net.Pipe()
	e := atcmd.New(dce, nil)
	e.Handle("+CSQ", func(ctx context.Context, c *atcmd.Cmd) error {
		c.Info("+CSQ: 24,0")
		return nil
	})
	done := make(chan error, 1)
	go func() { done <- e.Serve(context.Background()) }()

	fmt.Printf("%q\n", exchange(host, "AT+CSQ\r", "OK\r\n"))
	fmt.Printf("%q\n", exchange(host, "AT+CPIN?\r", "ERROR\r\n"))

	e.Close()
	<-done
	dce.Close()
	host.Close()
	// Output:
	// "AT+CSQ\r\r\n+CSQ: 24,0\r\n\r\nOK\r\n"
	// "AT+CPIN?\r\r\nERROR\r\n"
}

// Data mode: the handler asks for 5 bytes after the "> " prompt.
func ExampleCmd_Data() {
	dce, host := net.Pipe()
	e := atcmd.New(dce, nil)
	e.Handle("+CIPSEND", func(ctx context.Context, c *atcmd.Cmd) error {
		n, err := c.Int(0, 1, 1460)
		if err != nil {
			return err
		}
		if _, err := c.Data(ctx, n); err != nil {
			return err
		}
		c.SetFinal("SEND OK")
		return nil
	})
	done := make(chan error, 1)
	go func() { done <- e.Serve(context.Background()) }()

	fmt.Printf("%q\n", exchange(host, "ATE0\r", "OK\r\n"))
	fmt.Printf("%q\n", exchange(host, "AT+CIPSEND=5\r\nhello", "SEND OK\r\n"))

	e.Close()
	<-done
	dce.Close()
	host.Close()
	// Output:
	// "ATE0\r\r\nOK\r\n"
	// "\r\n> \r\nSEND OK\r\n"
}

func ExampleParseLine() {
	cmds, _ := atcmd.ParseLine(`at+cipstart="TCP",example.com,80;+csq=?;E0`)
	for _, c := range cmds {
		fmt.Println(c.Name, c.Kind, len(c.Args), c.Canonical())
	}
	// Output:
	// +CIPSTART 3 3 +CIPSTART="TCP",example.com,80
	// +CSQ 2 0 +CSQ=?
	// E 3 1 E0
}

func ExampleCMEText() {
	fmt.Println(atcmd.CMEText(10))
	fmt.Println(atcmd.CMEText(914))
	// Output:
	// SIM not inserted
	// BUFFER_OVER_SIZE
}
