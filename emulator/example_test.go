package emulator_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/air780emu/air780emu/emulator"
)

// A device served over an in-memory pipe: the boot URCs (zero delays, a
// fixed network clock), then the host asks for the signal.
func Example() {
	d, err := emulator.New(emulator.Config{
		Seed:  1,
		Boot:  emulator.NoBoot(),
		Clock: func() time.Time { return time.Date(2024, 8, 23, 6, 52, 50, 0, time.UTC) },
	})
	if err != nil {
		panic(err)
	}
	defer d.Close()
	dce, host := net.Pipe()
	defer dce.Close()
	defer host.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.ServeAT(ctx, dce) }()

	r := bufio.NewReader(host)
	printLines := func(n int) {
		for n > 0 {
			l, _ := r.ReadString('\n')
			if l = strings.TrimSpace(l); l != "" {
				fmt.Println(l)
				n--
			}
		}
	}
	printLines(5) // the boot URCs
	host.Write([]byte("AT+CSQ\r"))
	printLines(3) // echo, answer, OK
	cancel()
	<-done
	// Output:
	// RDY
	// ^MODE: 17,17
	// +E_UTRAN Service
	// +CGEV: ME PDN ACT 1
	// +NITZ: 2024/08/23,06:52:50+32,0
	// AT+CSQ
	// +CSQ: 24,0
	// OK
}

// The realistic boot timing (inferred, see DefaultBoot).
func ExampleDefaultBoot() {
	b := emulator.DefaultBoot()
	fmt.Println(b.RDY, b.Mode, b.Service, b.PDN, b.NITZ)
	// Output: 1.5s 2s 2.1s 2.5s 3s
}
