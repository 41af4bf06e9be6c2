// Package boards holds the profiles of the Air780E family: identity strings,
// firmware versions, adapters present, memory figures and limits, plus the
// generated identities (IMEI, IMSI, ICCID) of each emulated device.
//
// # Place in the data path
//
// boards is plain data read by emulator/ (AT answers such as ATI and AT+CGMR,
// the Lua runtime's rtos and mobile libraries) and by cmd/ (the -board flag and
// `air780emu boards`). It imports nothing but the standard library.
//
// Sources: reference/at-commands.md §2 (AT firmware strings, captured on real
// modules where marked) and reference/luatos-semantics.md §5 (SoC, BSP and
// memory per board). Values no source confirms are marked inferred in
// profiles.go.
package boards
