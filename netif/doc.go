// Package netif simulates the network interfaces of an Air780E-family module:
// LWIP_GP (cellular, the default), ETH0, STA and AP, named and numbered after
// LuatOS's adapters.
//
// # Place in the data path
//
//	emulator services / wsclient
//	        │ Interface.DialContext (a DialFunc)
//	        ▼
//	netif.Interface: state, DNS (hosts map), stages per segment, both ways
//	        │ real socket (net.Dialer, 127.0.0.1 or the system's route)
//	        ▼
//	real network
//
// The addresses an Interface reports (Addr, DNS) are for the device's own
// answers (AT+CGPADDR, socket.localIP); they are never bound or contacted.
//
// # Concepts
//
// A [Set] holds one device's four interfaces, its seeded random source and
// the goroutine that delivers up/down events ([Event]). Each [Interface] has a
// [Config] (the -net grammar, see [ParseSpec], and presets, see [Preset])
// that Configure swaps atomically at run time.
//
// A connection from DialContext is a thin wrapper over the socket while the
// interface is ideal (cost: two atomic adds per call). Once an impaired
// config is seen, each direction moves to a stage pipeline that works per
// segment (payload ≤ MTU-40, default 1460): the token bucket shared by the
// interface (rate), the loss model (Bernoulli or netem's Gilbert-Elliott),
// latency with jitter (normal, uniform, pareto), never reordering. On TCP a
// lost segment is retransmitted after an RTO that doubles per consecutive
// loss and the retries-th consecutive loss resets the connection on both
// ends; on UDP a lost datagram is discarded. Bytes are never lost silently:
// they arrive, late, or the connection fails visibly.
//
// Going down (SetUp(false), down=now, or an outage of down=D/T) resets every
// connection of the interface; drop= resets single connections; dnsfail and
// connfail make lookups and connects fail. Counters keep the statistics.
//
// # Decisions (and where they are documented)
//
//   - Initial RTO = max(200 ms, 2·latency + 4·jitter), doubling per
//     consecutive loss up to 120 s: RFC 6298 §2 with Linux's TCP_RTO_MIN
//     instead of the RFC's 1 s (plan.go). The retries-th consecutive loss of
//     one segment resets the connection (default 6).
//   - loss=ge:p,r,h,k is netem's `loss gemodel p r 1-h 1-k` (values.go).
//   - rate= is per interface and direction, shared by its connections, like
//     a radio link (bucket.go); it counts payload bytes.
//   - mtu= is the link MTU; a TCP segment carries mtu-40 bytes (spec.go).
//   - drop=P%/min draws an exponential lifetime per connection; every:D
//     resets a connection D after it opened or the rule last changed.
//   - down=D/T: each period T is up for T-D, then down for D, starting when
//     the rule was configured (outage.go).
//   - Live changes: see Interface.Configure.
//   - Subscriber ordering: see Interface.Subscribe and dispatcher.
//
// Package netiftest has an in-memory network (PipeNet) to pass as
// Options.Dial, so other packages can test through the stages under
// testing/synctest.
//
// # Why not toxiproxy's design
//
// Toxiproxy chains one goroutine per stage per direction and models loss as
// latency only (anchors.md §B.1). Here stages are arithmetic on a segment's
// release time inside one producer per direction, so an ideal interface costs
// about nothing and an impaired one one goroutine per direction; loss is
// per segment with TCP's retransmission timing, and interfaces have outages.
package netif
