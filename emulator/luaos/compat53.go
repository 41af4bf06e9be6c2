package luaos

import (
	"fmt"
	"regexp"
	"strconv"
)

// op53 is the first Lua 5.3-only operator of a source and its line.
type op53 struct {
	op   string
	line int
}

// find53 scans src for the Lua 5.3 operators gopher-lua (Lua 5.1) cannot
// parse: //, &, |, binary or unary ~ (not ~=), << and >>. Strings and
// comments are skipped.
func find53(src []byte) (op53, bool) {
	line := 1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
		case c == '-' && at(src, i+1) == '-':
			i, line = skipComment(src, i+2, line)
		case c == '"' || c == '\'':
			i, line = skipQuoted(src, i, line)
		case c == '[' && longOpen(src, i) >= 0:
			i, line = skipLong(src, i, longOpen(src, i), line)
		default:
			if op := opAt(src, i); op != "" {
				return op53{op, line}, true
			}
		}
	}
	return op53{}, false
}

// opAt returns the 5.3 operator starting at src[i], if any.
func opAt(src []byte, i int) string {
	c, n := src[i], at(src, i+1)
	switch {
	case c == '/' && n == '/', c == '<' && n == '<', c == '>' && n == '>':
		return string([]byte{c, n})
	case c == '&', c == '|':
		return string(c)
	case c == '~' && n != '=':
		return "~"
	}
	return ""
}

// at returns src[i], or 0 past the end.
func at(src []byte, i int) byte {
	if i < len(src) {
		return src[i]
	}
	return 0
}

// longOpen returns the level of a long bracket "[==[" at src[i], or -1.
func longOpen(src []byte, i int) int {
	j := i + 1
	for at(src, j) == '=' {
		j++
	}
	if at(src, j) == '[' {
		return j - i - 1
	}
	return -1
}

// skipLong skips a long string or comment of the given level opening at
// src[i]; it returns the index of its last byte.
func skipLong(src []byte, i, level, line int) (int, int) {
	for j := i + level + 2; j < len(src); j++ {
		if src[j] == '\n' {
			line++
		}
		if src[j] == ']' && j+level+1 < len(src) && src[j+level+1] == ']' {
			k := j + 1
			for k < j+level+1 && src[k] == '=' {
				k++
			}
			if k == j+level+1 {
				return j + level + 1, line
			}
		}
	}
	return len(src), line
}

// skipComment skips a comment whose text starts at src[i].
func skipComment(src []byte, i, line int) (int, int) {
	if at(src, i) == '[' {
		if level := longOpen(src, i); level >= 0 {
			return skipLong(src, i, level, line)
		}
	}
	for i < len(src) && src[i] != '\n' {
		i++
	}
	return i - 1, line
}

// skipQuoted skips a quoted string opening at src[i].
func skipQuoted(src []byte, i, line int) (int, int) {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if at(src, j+1) == '\n' {
				line++
			}
			j++
		case '\n':
			return j - 1, line // unfinished string: the parser reports it
		case q:
			return j, line
		}
	}
	return len(src), line
}

// syntaxLine matches the line of a gopher-lua syntax error
// ("main.lua line:12(column:5) near '/': syntax error").
var syntaxLine = regexp.MustCompile(`line:(\d+)`)

// explain53 turns a syntax error caused by a Lua 5.3 operator into a clear
// one naming the file, the line and the operator; other errors pass
// unchanged. The operator must be on or before the error's line, since the
// 5.1 parser stops at the first one it meets.
func explain53(file string, src []byte, err error) error {
	op, ok := find53(src)
	if !ok {
		return err
	}
	if m := syntaxLine.FindStringSubmatch(err.Error()); m != nil {
		if n, _ := strconv.Atoi(m[1]); op.line > n {
			return err
		}
	}
	return &Lua53Error{File: file, Line: op.line, Op: op.op}
}

// Lua53Error is the load error of a script using a Lua 5.3-only operator.
type Lua53Error struct {
	File string
	Line int
	Op   string
}

// Error names the file, the line and the operator, and says why.
func (e *Lua53Error) Error() string {
	return fmt.Sprintf("%s:%d: Lua 5.3 operator '%s' is not supported by this emulator (gopher-lua is Lua 5.1)", e.File, e.Line, e.Op)
}
