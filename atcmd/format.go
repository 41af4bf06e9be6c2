package atcmd

import "strings"

// Canonical renders c in canonical form without "AT": the upper-case name, its
// suffix ("?", "=?", "=") and its arguments, quoted ones in quotes. Parsing
// "AT" + Canonical() gives back the same Name, Kind and Args.
func (c *Cmd) Canonical() string {
	var b strings.Builder
	b.WriteString(c.Name)
	switch c.Kind {
	case Read:
		b.WriteByte('?')
	case Test:
		b.WriteString("=?")
	case Set:
		if isExtPrefix(firstByte(c.Name)) || isSReg(c.Name) {
			b.WriteByte('=')
			writeArgs(&b, c.Args)
		} else if len(c.Args) > 0 {
			b.WriteString(c.Args[0].Text)
		}
	}
	return b.String()
}

// FormatLine renders commands as one command line, "AT" included, joined by
// ";". ParseLine(FormatLine(cmds)) gives back the same commands.
func FormatLine(cmds []Cmd) string {
	var b strings.Builder
	b.WriteString("AT")
	for i := range cmds {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(cmds[i].Canonical())
	}
	return b.String()
}

func writeArgs(b *strings.Builder, args []Arg) {
	for i, a := range args {
		if i > 0 {
			b.WriteByte(',')
		}
		if a.Quoted {
			b.WriteByte('"')
			b.WriteString(a.Text)
			b.WriteByte('"')
			continue
		}
		b.WriteString(a.Text)
	}
}

func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

func isSReg(name string) bool {
	return len(name) > 1 && name[0] == 'S' && name[1] >= '0' && name[1] <= '9'
}
