package emulator

import (
	"context"
	"fmt"
	"net"

	"github.com/air780emu/air780emu/netif"
)

// wsAdapters maps LuatOS adapter numbers (socket.LWIP_GP=1, STA=2, AP=3,
// ETH0=17; DESIGN.md "The AT surface" item 3) to the device's interfaces.
var wsAdapters = map[int]netif.Name{1: netif.LWIPGP, 2: netif.STA, 3: netif.AP, 17: netif.ETH0}

// wsAdapterList is the adapter list of the =? test forms.
const wsAdapterList = "(1,2,3,17)"

// wsDefaultAdapter is socket.dft() on a module with no other adapter set up:
// the cellular LWIP_GP (luatos-semantics.md §1.2).
const wsDefaultAdapter = 1

// linkDial returns a dial function over interface name that, like the
// LuatOS adapter state machine, waits for the link to come up before it
// connects instead of failing at once (luatos-semantics.md §1.5: "Calling it
// before IP_READY is fine: the adapter state machine waits for link-up and
// then connects"). So an autoreconnecting client sits out an outage quietly
// and connects (+WSCONACK) when the interface returns. On LWIP_GP, bearer
// (when not nil) replaces the bare link wait: the dial waits until the
// modem has announced the bearer, so +WSCONACK follows +CGEV: ME PDN ACT.
// The wait honours ctx.
func linkDial(set *netif.Set, name netif.Name, bearer func(context.Context) error) netif.DialFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		iface := set.Interface(name)
		if iface == nil {
			return nil, fmt.Errorf("dial %s: no interface %s", addr, name)
		}
		wait := func(ctx context.Context) error { return waitUp(ctx, iface) }
		if name == netif.LWIPGP && bearer != nil {
			wait = bearer
		}
		if err := wait(ctx); err != nil {
			return nil, fmt.Errorf("dial %s via %s: waiting for link: %w", addr, name, err)
		}
		return iface.DialContext(ctx, network, addr)
	}
}

// waitUp returns once iface is up, or ctx's error.
func waitUp(ctx context.Context, iface *netif.Interface) error {
	if iface.Up() {
		return nil
	}
	up := make(chan struct{}, 1)
	cancel := iface.Subscribe(func(ev netif.Event) {
		if ev.Up {
			select {
			case up <- struct{}{}:
			default:
			}
		}
	})
	defer cancel()
	if iface.Up() {
		return nil
	}
	select {
	case <-up:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
