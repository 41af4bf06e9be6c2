package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at link time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is a bad flag, config key or value: exit status 2. Its message
// is one line naming the flag or field and the accepted values.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usagef builds a usageError.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errHelp is returned when -h was asked for; the usage is already printed.
var errHelp = errors.New("help requested")

// exitCode prints err (if any) to stderr and maps it to the exit status:
// 0 ok or help, 2 usage/config error, 1 anything else.
func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "air780emu: %s\n", ue.msg)
		return 2
	default:
		fmt.Fprintf(stderr, "air780emu: %v\n", err)
		return 1
	}
}
