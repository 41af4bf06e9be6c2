package netif

import "time"

// startOutage runs the down=D/T schedule on a goroutine owned by the
// interface: each period of T is up for T-D, then down for D, starting when
// Configure ran. i.cfgMu must be held.
func (i *Interface) startOutage(o outageSpec) {
	stop, ended := make(chan struct{}), make(chan struct{})
	if !i.set.launch(func() { defer close(ended); i.runOutage(o, stop) }) {
		return
	}
	i.outage, i.ended = stop, ended
}

// stopOutage stops the schedule and waits for its goroutine; the caller
// decides the state afterwards. i.cfgMu must be held.
func (i *Interface) stopOutage() {
	if i.outage == nil {
		return
	}
	close(i.outage)
	<-i.ended
	i.outage, i.ended = nil, nil
}

func (i *Interface) runOutage(o outageSpec, stop <-chan struct{}) {
	t := time.NewTimer(o.Every - o.For)
	defer t.Stop()
	for {
		for _, down := range []bool{true, false} {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			i.transition(func() { i.inOutage = down })
			if down {
				t.Reset(o.For)
			} else {
				t.Reset(o.Every - o.For)
			}
		}
	}
}
