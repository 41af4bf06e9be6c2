package emulator

import (
	"io"
	"log/slog"
	"sync/atomic"
)

// gatedPort drops what the host sends while the module is booting: the UART
// is not alive until "RDY" ("RDY is the UART alive indicator", and host
// drivers loop AT until the 2nd or 3rd gets an answer — at-commands.md §2
// AT, §6.1 [C-man]). The gate closes at every power-on whose RDY delay is
// not zero and opens just before RDY is emitted; with zero boot delays it
// never closes, so tests need not wait. Writes pass through.
type gatedPort struct {
	io.ReadWriter
	open *atomic.Bool
	log  *slog.Logger
}

// Read returns the port's bytes, discarding those that arrive while the
// gate is closed (logged at debug level).
func (g *gatedPort) Read(p []byte) (int, error) {
	for {
		n, err := g.ReadWriter.Read(p)
		if n == 0 || g.open.Load() {
			return n, err
		}
		g.log.Debug("emulator: input dropped while booting", "bytes", n)
		if err != nil {
			return 0, err
		}
	}
}
