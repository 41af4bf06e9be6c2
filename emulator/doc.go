// Package emulator is the emulated module: board identity, SIM, radio
// registration, PDP contexts, power states and the AT firmware's command
// handlers, over the atcmd engine and the netif interfaces.
//
// # Place in the data path
//
//	host ⇄ port (pty | serial | tcp) ⇄ atcmd engine ⇄ emulator handlers ⇄ modem model
//	                                                      ⇅                    ⇅
//	                                              URC scheduler        netif (LWIP_GP …) / wsclient
//
// cmd/ opens the port and calls [Device.ServeAT]; the atcmd engine owns the
// stream (line discipline, echo, framing, URC queue) and calls the handlers
// registered here (one file per command group: ident.go, sim.go,
// network.go, pdp.go, power.go, config.go). Handlers read and change the
// modem model (modem.go) under the Device's mutex and never write to the
// port themselves. Everything unsolicited — the boot URCs, registration
// changes, +CGEV events — goes through one scheduler goroutine per session
// (sched.go) that emits URCs in order at their due time; a step belongs to
// a radio generation, so a reboot or AT+CFUN=0 cancels the URCs of the
// sequence it interrupted. The cellular interface LWIP_GP is up exactly
// while the default PDN (cid 1) is active.
//
// # Websocket over AT
//
//	host ⇄ atcmd engine ⇄ AT+WS* handlers (wsat.go) ⇄ wsService clients 0–4 (ws.go)
//	                ⇅ URCs                                  ⇅
//	      one pump per client (wspump.go) ⇠ wsclient events ⇄ netif interface dial (wsdial.go)
//
// The AT+WS* set mirrors the LuatOS websocket library (DESIGN.md "The AT
// surface" item 3; the real AT firmware has none). Each client's pump turns
// wsclient events into +WSCONACK/+WSRECV/+WSSENT/+WSERROR/+WSDISCONNECT
// through Engine.Emit, which blocks while the URC queue is full: a slow
// host stops the pump, which stops wsclient reading its socket (TCP
// backpressure). In buffer mode (AT+WSRECVMODE=<id>,1) received pieces wait
// in a bounded per-client store (wsbuf.go) for AT+WSREAD. Every CME code of
// the set is decided in wserr.go. coupling.go follows LWIP_GP: an outage
// not caused by the modem (netif down, down=D/T) loses registration with
// its URCs, and its end re-registers.
//
// # Fidelity
//
// Every response format cites reference/at-commands.md (§1–2 commands, §6
// URCs, §3.4 the captured exchange); formats no capture or manual page
// confirms say "inferred" at their definition. The transcript fixtures in
// fixtures/at/ pin the exact bytes; `go test ./emulator -run Fixtures
// -update` rewrites them from the actual output.
//
// # Power and boot
//
// [New] builds a powered-off device; ServeAT powers it on: the AT&W profile
// is restored (from Config.StatePath, JSON written atomically), the radio
// searches, and the boot URCs of §6.1 follow at [Config.Boot] delays
// ([DefaultBoot], inferred) — RDY, ^MODE: 17,17, +E_UTRAN Service
// (registered), +CGEV: ME PDN ACT 1 (attached, LWIP_GP up), +NITZ. Until
// registration, AT+CEREG? reports stat 2 and AT+CSQ 99,99 (inferred).
// AT+RESET and AT+CFUN=1,1 replay this; [Device.Reboot] does it for the
// control API.
package emulator
