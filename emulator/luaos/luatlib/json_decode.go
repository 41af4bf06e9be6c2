package luatlib

import (
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// jsonTok is a decoder token kind; the names are the firmware's, used in
// its error messages ("Expected value but found T_END at character 1").
type jsonTok int

const (
	tObjBegin jsonTok = iota
	tObjEnd
	tArrBegin
	tArrEnd
	tString
	tNumber
	tBoolean
	tNull
	tColon
	tComma
	tEnd
	tError
)

var jsonTokNames = [...]string{
	tObjBegin: "T_OBJ_BEGIN", tObjEnd: "T_OBJ_END", tArrBegin: "T_ARR_BEGIN",
	tArrEnd: "T_ARR_END", tString: "T_STRING", tNumber: "T_NUMBER",
	tBoolean: "T_BOOLEAN", tNull: "T_NULL", tColon: "T_COLON",
	tComma: "T_COMMA", tEnd: "T_END", tError: "T_ERROR",
}

type jsonToken struct {
	kind  jsonTok
	index int    // 0-based offset of the token (or of the error)
	str   string // string value, or the error text for tError
	num   float64
	b     bool
}

// jsonDecoder walks the input as lua-cjson does: a NUL byte ends the text
// (C string), whitespace is space, tab, CR and LF only.
type jsonDecoder struct {
	L     *lua.LState
	data  string
	pos   int
	depth int
	null  lua.LValue
}

// DecodeJSON parses s as LuatOS's json.decode does (§3.4 and the
// lua-cjson source): null becomes json.null, a number whose text has no
// "." becomes the C strtol of its text saturated to int32 when that is
// non-zero ("1e3" → 1, a firmware quirk), other numbers are floats
// (inferred: kept as float64, the firmware holds a float32). Errors carry
// the firmware's message, e.g. "Expected value but found T_END at
// character 1".
func DecodeJSON(L *lua.LState, s string) (lua.LValue, error) {
	if len(s) >= 2 && (s[0] == 0 || s[1] == 0) {
		return nil, &errJSON{"JSON parser does not support UTF-16 or UTF-32"}
	}
	d := &jsonDecoder{L: L, data: s, null: JSONNull(L)}
	v, err := d.value(d.next())
	if err != nil {
		return nil, err
	}
	if t := d.next(); t.kind != tEnd {
		return nil, d.expected("the end", t)
	}
	return v, nil
}

// at returns the byte at i, or 0 past the end (the C terminator).
func (d *jsonDecoder) at(i int) byte {
	if i < len(d.data) {
		return d.data[i]
	}
	return 0
}

// expected builds the firmware's syntax error.
func (d *jsonDecoder) expected(what string, t jsonToken) error {
	found := jsonTokNames[t.kind]
	if t.kind == tError {
		found = t.str
	}
	return &errJSON{fmt.Sprintf("Expected %s but found %s at character %d", what, found, t.index+1)}
}

// errTok makes an error token at the current position.
func (d *jsonDecoder) errTok(msg string) jsonToken {
	return jsonToken{kind: tError, index: d.pos, str: msg}
}

// next returns the next token.
func (d *jsonDecoder) next() jsonToken {
	for {
		c := d.at(d.pos)
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			break
		}
		d.pos++
	}
	start := d.pos
	c := d.at(d.pos)
	if k, ok := singleTok(c); ok {
		d.pos++
		return jsonToken{kind: k, index: start}
	}
	switch {
	case c == 0:
		return jsonToken{kind: tEnd, index: start}
	case c == '"':
		return d.stringTok()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.numberTok()
	case d.hasPrefix("true"):
		d.pos += 4
		return jsonToken{kind: tBoolean, index: start, b: true}
	case d.hasPrefix("false"):
		d.pos += 5
		return jsonToken{kind: tBoolean, index: start}
	case d.hasPrefix("null"):
		d.pos += 4
		return jsonToken{kind: tNull, index: start}
	}
	return d.errTok("invalid token")
}

func (d *jsonDecoder) hasPrefix(p string) bool {
	return len(d.data)-d.pos >= len(p) && d.data[d.pos:d.pos+len(p)] == p
}

// value turns a token into a Lua value, descending into containers.
func (d *jsonDecoder) value(t jsonToken) (lua.LValue, error) {
	switch t.kind {
	case tString:
		return lua.LString(t.str), nil
	case tNumber:
		return lua.LNumber(t.num), nil
	case tBoolean:
		return lua.LBool(t.b), nil
	case tNull:
		return d.null, nil
	case tObjBegin:
		return d.object()
	case tArrBegin:
		return d.array()
	}
	return nil, d.expected("value", t)
}

// descend enforces the nesting limit (source: DEFAULT_DECODE_MAX_DEPTH).
func (d *jsonDecoder) descend() error {
	d.depth++
	if d.depth > jsonMaxDepth {
		return &errJSON{fmt.Sprintf("Found too many nested data structures (%d) at character %d", d.depth, d.pos)}
	}
	return nil
}

// object parses the members after "{".
func (d *jsonDecoder) object() (lua.LValue, error) {
	if err := d.descend(); err != nil {
		return nil, err
	}
	tbl := d.L.CreateTable(0, 0) // NewTable preallocates 32+32 slots: 75% of decode allocations
	t := d.next()
	if t.kind == tObjEnd {
		d.depth--
		return tbl, nil
	}
	for {
		if t.kind != tString {
			return nil, d.expected("object key string", t)
		}
		key := t.str
		if t = d.next(); t.kind != tColon {
			return nil, d.expected("colon", t)
		}
		v, err := d.value(d.next())
		if err != nil {
			return nil, err
		}
		tbl.RawSetString(key, v)
		t = d.next()
		if t.kind == tObjEnd {
			d.depth--
			return tbl, nil
		}
		if t.kind != tComma {
			return nil, d.expected("comma or object end", t)
		}
		t = d.next()
	}
}

// array parses the elements after "[".
func (d *jsonDecoder) array() (lua.LValue, error) {
	if err := d.descend(); err != nil {
		return nil, err
	}
	tbl := d.L.CreateTable(0, 0) // NewTable preallocates 32+32 slots: 75% of decode allocations
	t := d.next()
	if t.kind == tArrEnd {
		d.depth--
		return tbl, nil
	}
	for i := 1; ; i++ {
		v, err := d.value(t)
		if err != nil {
			return nil, err
		}
		tbl.RawSetInt(i, v)
		t = d.next()
		if t.kind == tArrEnd {
			d.depth--
			return tbl, nil
		}
		if t.kind != tComma {
			return nil, d.expected("comma or array end", t)
		}
		t = d.next()
	}
}

// stringTok reads a string token; escapes as in lua-cjson (\uXXXX with
// surrogate pairs, no validation of raw bytes).
func (d *jsonDecoder) stringTok() jsonToken {
	start := d.pos
	d.pos++
	// Fast path: no escape before the closing quote and no NUL — one
	// exact-size copy (a substring would pin the whole input in memory).
	for i := d.pos; i < len(d.data); i++ {
		c := d.data[i]
		if c == '"' {
			d.pos = i + 1
			return jsonToken{kind: tString, index: start, str: strings.Clone(d.data[start+1 : i])}
		}
		if c == '\\' || c == 0 {
			break
		}
	}
	buf := make([]byte, 0, 16)
	for {
		c := d.at(d.pos)
		switch {
		case c == '"':
			d.pos++
			return jsonToken{kind: tString, index: start, str: string(buf)}
		case c == 0:
			return d.errTok("unexpected end of string")
		case c != '\\':
			buf = append(buf, c)
			d.pos++
			continue
		}
		e := d.at(d.pos + 1)
		if e == 'u' {
			var ok bool
			if buf, ok = d.unicodeEscape(buf); !ok {
				return d.errTok("invalid unicode escape code")
			}
			continue
		}
		r := escapeChar(e)
		if r == 0 {
			return d.errTok("invalid escape code")
		}
		buf = append(buf, r)
		d.pos += 2
	}
}

// singleTok maps one-byte tokens.
func singleTok(c byte) (jsonTok, bool) {
	switch c {
	case '{':
		return tObjBegin, true
	case '}':
		return tObjEnd, true
	case '[':
		return tArrBegin, true
	case ']':
		return tArrEnd, true
	case ',':
		return tComma, true
	case ':':
		return tColon, true
	}
	return 0, false
}

// escapeChar translates the byte after a backslash, 0 if invalid.
func escapeChar(e byte) byte {
	switch e {
	case '"', '\\', '/':
		return e
	case 'b':
		return '\b'
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'f':
		return '\f'
	case 'r':
		return '\r'
	}
	return 0
}

// hex4 decodes 4 hex digits at i, or -1.
func (d *jsonDecoder) hex4(i int) int {
	v := 0
	for j := 0; j < 4; j++ {
		c := d.at(i + j)
		var n int
		switch {
		case c >= '0' && c <= '9':
			n = int(c - '0')
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			n = int(c|0x20-'a') + 10
		default:
			return -1
		}
		v = v<<4 | n
	}
	return v
}

// unicodeEscape decodes \uXXXX (and a following low surrogate) at pos.
func (d *jsonDecoder) unicodeEscape(buf []byte) ([]byte, bool) {
	cp := d.hex4(d.pos + 2)
	if cp < 0 {
		return buf, false
	}
	n := 6
	if cp&0xF800 == 0xD800 {
		if cp&0x400 != 0 || d.at(d.pos+6) != '\\' || d.at(d.pos+7) != 'u' {
			return buf, false
		}
		lo := d.hex4(d.pos + 8)
		if lo < 0 || lo&0xFC00 != 0xDC00 {
			return buf, false
		}
		cp = ((cp&0x3FF)<<10 | lo&0x3FF) + 0x10000
		n = 12
	}
	d.pos += n
	return appendUTF8(buf, cp), true
}

// appendUTF8 encodes cp (≤ 0x10FFFF here) without Go's surrogate
// replacement, as the firmware's encoder does.
func appendUTF8(b []byte, cp int) []byte {
	switch {
	case cp <= 0x7F:
		return append(b, byte(cp))
	case cp <= 0x7FF:
		return append(b, byte(cp>>6)|0xC0, byte(cp&0x3F)|0x80)
	case cp <= 0xFFFF:
		return append(b, byte(cp>>12)|0xE0, byte(cp>>6&0x3F)|0x80, byte(cp&0x3F)|0x80)
	}
	return append(b, byte(cp>>18)|0xF0, byte(cp>>12&0x3F)|0x80, byte(cp>>6&0x3F)|0x80, byte(cp&0x3F)|0x80)
}
