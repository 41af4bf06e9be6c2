package atcmd

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNoAT is returned by ParseLine for a line that does not begin with "AT".
var ErrNoAT = errors.New("atcmd: command line does not begin with AT")

// SyntaxError reports a command line the parser rejects; the engine answers
// it with a plain ERROR (at-commands.md §1.3: syntax errors give "ERROR").
type SyntaxError struct {
	Pos int    // byte offset in the line, counting "AT"
	Msg string // what was wrong
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("atcmd: syntax error at byte %d: %s", e.Pos, e.Msg)
}

// ParseLine parses one command line, "AT" prefix included (any case), into
// its commands. It follows V.250 §5.3-5.4 (inferred for details the
// reference does not give):
//
//   - basic commands concatenate: "ATE0V1Q0", "AT&W", "ATI";
//   - S-registers: "ATS3=13", "ATS3?", "ATS3=?";
//   - "ATD..." takes the rest of the line as its dial string;
//   - extended commands start with + ^ * $ % # and end at ";" or the end of
//     the line: "AT+CSQ", "AT+CREG?", "AT+CMEE=?", "AT+CMEE=2";
//   - ";" separates commands; spaces between commands are ignored;
//   - arguments are comma separated, may be empty ("1,,3") or quoted; quoted
//     strings keep their case and may hold "," and ";" but not '"'.
//
// Names are returned in canonical upper case; unquoted argument text is kept
// as written. ParseLine never panics; a bad line gives a *SyntaxError.
func ParseLine(line string) ([]Cmd, error) {
	if len(line) < 2 || line[0]|0x20 != 'a' || line[1]|0x20 != 't' {
		return nil, ErrNoAT
	}
	p := parser{s: line, i: 2}
	if len(line) > 2 {
		p.cmds = make([]Cmd, 0, 1+strings.Count(line, ";"))
	}
	return p.parse()
}

type parser struct {
	s    string
	i    int
	cmds []Cmd
}

func (p *parser) fail(msg string) error { return &SyntaxError{Pos: p.i, Msg: msg} }

func (p *parser) parse() ([]Cmd, error) {
	for p.i < len(p.s) {
		c := p.s[p.i]
		var err error
		switch {
		case c == ';' || c == ' ':
			p.i++
			continue
		case isExtPrefix(c):
			err = p.extended()
		case c == '&':
			err = p.basic(true)
		case c|0x20 == 's':
			err = p.sreg()
		case c|0x20 == 'd':
			p.dial()
		case isLetter(c):
			err = p.basic(false)
		default:
			err = p.fail(fmt.Sprintf("unexpected byte %q", c))
		}
		if err != nil {
			return nil, err
		}
	}
	return p.cmds, nil
}

func (p *parser) add(start int, name string, k Kind, args []Arg) {
	p.cmds = append(p.cmds, Cmd{Name: name, Kind: k, Args: args, Text: p.s[start:p.i]})
}

// basic parses a V.250 basic command: a letter (or "&" and a letter), an
// optional decimal number, or "?" to read it.
func (p *parser) basic(amp bool) error {
	start := p.i
	if amp {
		p.i++
		if p.i >= len(p.s) || !isLetter(p.s[p.i]) {
			return p.fail("'&' must be followed by a letter")
		}
	}
	p.i++
	name := strings.ToUpper(p.s[start:p.i])
	if p.i < len(p.s) && p.s[p.i] == '?' {
		p.i++
		p.add(start, name, Read, nil)
		return nil
	}
	d := p.digits()
	if d == "" {
		p.add(start, name, Exec, nil)
		return nil
	}
	p.add(start, name, Set, []Arg{{Text: d}})
	return nil
}

// sreg parses "S<n>", "S<n>?", "S<n>=?" and "S<n>=<value>" (V.250 §6.3).
func (p *parser) sreg() error {
	start := p.i
	p.i++
	d := p.digits()
	if d == "" || len(d) > 3 {
		return p.fail("S must be followed by a register number of 1-3 digits")
	}
	n, _ := strconv.Atoi(d)
	name := "S" + strconv.Itoa(n)
	switch {
	case strings.HasPrefix(p.s[p.i:], "=?"):
		p.i += 2
		p.add(start, name, Test, nil)
	case strings.HasPrefix(p.s[p.i:], "?"):
		p.i++
		p.add(start, name, Read, nil)
	case strings.HasPrefix(p.s[p.i:], "="):
		p.i++
		v := p.digits()
		p.add(start, name, Set, []Arg{{Text: v, Empty: v == ""}})
	default:
		p.add(start, name, Exec, nil)
	}
	return nil
}

// dial takes the rest of the line as ATD's dial string (V.250 §6.3.1).
func (p *parser) dial() {
	start := p.i
	rest := p.s[p.i+1:]
	p.i = len(p.s)
	if rest == "" {
		p.add(start, "D", Exec, nil)
		return
	}
	p.add(start, "D", Set, []Arg{{Text: rest}})
}

// extended parses "+NAME", "+NAME?", "+NAME=?" or "+NAME=<args>".
func (p *parser) extended() error {
	start := p.i
	p.i++
	for p.i < len(p.s) && isNameByte(p.s[p.i]) {
		p.i++
	}
	if p.i == start+1 {
		return p.fail("empty extended command name")
	}
	name := strings.ToUpper(p.s[start:p.i])
	p.skipSpaces()
	rest := p.s[p.i:]
	switch {
	case rest == "" || rest[0] == ';':
		p.add(start, name, Exec, nil)
	case rest[0] == '?':
		p.i++
		p.add(start, name, Read, nil)
		return p.endOfCmd()
	case rest[0] == '=':
		p.i++
		p.skipSpaces()
		if p.i < len(p.s) && p.s[p.i] == '?' { // "=?", spaces allowed (V.250 §5.1)
			p.i++
			p.add(start, name, Test, nil)
			return p.endOfCmd()
		}
		args, err := p.args()
		if err != nil {
			return err
		}
		p.add(start, name, Set, args)
	default:
		return p.fail(fmt.Sprintf("unexpected byte %q in command name", rest[0]))
	}
	return nil
}

// endOfCmd accepts the end of the line or ";" (spaces allowed before them).
func (p *parser) endOfCmd() error {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
	if p.i < len(p.s) && p.s[p.i] != ';' {
		return p.fail("expected ';' or end of line")
	}
	return nil
}

// args parses the comma-separated arguments up to ";" outside quotes or the
// end of the line.
func (p *parser) args() ([]Arg, error) {
	args := make([]Arg, 0, p.countArgs())
	for {
		a, err := p.arg()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if p.i >= len(p.s) || p.s[p.i] == ';' {
			return args, nil
		}
		p.i++ // the ','
	}
}

// arg parses one argument and leaves p.i at ',', ';' or the end.
func (p *parser) arg() (Arg, error) {
	p.skipSpaces()
	if p.i < len(p.s) && p.s[p.i] == '"' {
		open := p.i
		end := strings.IndexByte(p.s[p.i+1:], '"')
		if end < 0 {
			return Arg{}, p.fail("unterminated quoted string")
		}
		p.i = open + 1 + end + 1
		a := Arg{Text: p.s[open+1 : open+1+end], Quoted: true}
		p.skipSpaces()
		if p.i < len(p.s) && p.s[p.i] != ',' && p.s[p.i] != ';' {
			return Arg{}, p.fail("text after a quoted string")
		}
		return a, nil
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != ',' && p.s[p.i] != ';' {
		if p.s[p.i] == '"' {
			return Arg{}, p.fail("quote inside an unquoted argument")
		}
		p.i++
	}
	t := strings.TrimRight(p.s[start:p.i], " ")
	return Arg{Text: t, Empty: t == ""}, nil
}

// countArgs counts the arguments ahead (commas outside quotes, up to ";"),
// so that args allocates once.
func (p *parser) countArgs() int {
	n, quoted := 1, false
	for i := p.i; i < len(p.s); i++ {
		switch c := p.s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			n++
		case c == ';':
			return n
		}
	}
	return n
}

func (p *parser) skipSpaces() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *parser) digits() string {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	return p.s[start:p.i]
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isExtPrefix reports the prefix characters of extended commands: "+" (V.250,
// 27.007) and the vendor prefixes seen in at-commands.md §2 ("^HVER", "*I").
// "$", "%" and "#" are other vendors' habits, accepted as inferred.
func isExtPrefix(c byte) bool {
	return c == '+' || c == '^' || c == '*' || c == '$' || c == '%' || c == '#'
}

// isNameByte reports the characters V.250 §5.4.1 allows in extended names:
// letters, digits and ! % - . / : _.
func isNameByte(c byte) bool {
	switch {
	case isLetter(c), c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!%-./:_", c) >= 0
}
