package main

// overlay copies from cli into base every setting whose flag was given, so
// that flags on the command line override the -config file. -net given on the
// command line replaces the file's list; -hosts entries are merged by name
// (a flag's NAME wins over the file's).
func overlay(base, cli Settings, given map[string]bool) Settings {
	out := base
	out.Hosts = cloneHosts(base.Hosts)
	for name := range given {
		copySetting(&out, &cli, name)
	}
	out.Config, out.Check = cli.Config, cli.Check
	return out
}

// copySetting copies the named setting from src to dst.
func copySetting(dst, src *Settings, name string) {
	switch name {
	case "board":
		dst.Board = src.Board
	case "firmware":
		dst.Firmware = src.Firmware
	case "script":
		dst.Script = src.Script
	case "port":
		dst.Port = src.Port
	case "link":
		dst.Link = src.Link
	case "baud":
		dst.Baud = src.Baud
	case "net":
		dst.Net = append([]string(nil), src.Net...)
	case "hosts":
		for k, v := range src.Hosts {
			dst.Hosts[k] = v
		}
	case "control":
		dst.Control = src.Control
	case "seed":
		dst.Seed, dst.SeedSet = src.Seed, src.SeedSet
	}
	copyExtra(dst, src, name)
}

// copyExtra copies the settings beyond DESIGN.md's table.
func copyExtra(dst, src *Settings, name string) {
	switch name {
	case "usb-link":
		dst.USBLink = src.USBLink
	case "trace":
		dst.Trace = src.Trace
	case "state":
		dst.State = src.State
	case "pace":
		dst.Pace = src.Pace
	case "quirks":
		dst.Quirks = src.Quirks
	case "boot":
		dst.Boot = src.Boot
	case "log-level":
		dst.LogLevel = src.LogLevel
	}
}

// cloneHosts copies a hosts map (nil gives an empty map).
func cloneHosts(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
