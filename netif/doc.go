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
// the goroutine that delivers up/down [Event]s. Each [Interface] has a
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
// # Why not toxiproxy's design
//
// Toxiproxy chains one goroutine per stage per direction and models loss as
// latency only (anchors.md §B.1). Here stages are arithmetic on a segment's
// release time inside one producer per direction, so an ideal interface costs
// about nothing and an impaired one one goroutine per direction; loss is
// per segment with TCP's retransmission timing, and interfaces have outages.
package netif
