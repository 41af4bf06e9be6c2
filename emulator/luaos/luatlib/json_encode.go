package luatlib

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// JSONOptions selects how [EncodeJSON] prints non-integer numbers.
type JSONOptions struct {
	// Verb is 'f' or 'g'; Prec the precision. The zero value means the
	// firmware default "%.7f" (§3.4, since 2024-01-09).
	Verb byte
	Prec int
}

// Encoder limits (source: lua-cjson defaults in the LuatOS tree).
const (
	jsonMaxDepth    = 1000 // nesting deeper than this is an error
	jsonSparseRatio = 2    // array max key > ratio*items …
	jsonSparseSafe  = 10   // … and > safe: "excessively sparse array"
)

// float32Epsilon is FLT_EPSILON: floats within ±epsilon encode as "0".
const float32Epsilon = 1.1920928955078125e-07

// errJSON is the prefix-free error type of the encoder and decoder; its
// text is exactly the firmware's message.
type errJSON struct{ msg string }

func (e *errJSON) Error() string { return e.msg }

// ErrJSON matches every error [EncodeJSON] and [DecodeJSON] return, via
// errors.Is.
var ErrJSON = errors.New("luatlib: json")

func (e *errJSON) Is(target error) bool { return target == ErrJSON }

// EncodeJSON serialises v as LuatOS's json.encode does (§3.4): integers as
// integers, other numbers with opts' format rounded to float32, strings
// escaped (", \, \b \t \n \f \r, other control bytes and 0x7f as \u00XX;
// "/" and UTF-8 unchanged), empty tables as {}, tables whose keys are all
// integers ≥ 1 as arrays (holes become null), others as objects in the
// table's iteration order. Errors carry the firmware's message, e.g.
// "Cannot serialise function: type not supported".
func EncodeJSON(v lua.LValue, opts JSONOptions) (string, error) {
	if opts.Verb == 0 {
		opts.Verb, opts.Prec = 'f', 7
	}
	e := &jsonEncoder{opts: opts}
	if err := e.value(v, 0); err != nil {
		return "", err
	}
	return e.buf.String(), nil
}

type jsonEncoder struct {
	buf  strings.Builder
	opts JSONOptions
}

// cannot builds the firmware's "Cannot serialise <type>: <reason>" error.
func cannot(v lua.LValue, reason string) error {
	return &errJSON{fmt.Sprintf("Cannot serialise %s: %s", typeName(v), reason)}
}

// value appends one Lua value.
func (e *jsonEncoder) value(v lua.LValue, depth int) error {
	switch x := v.(type) {
	case lua.LString:
		e.str(string(x))
	case lua.LNumber:
		return e.number(x)
	case lua.LBool:
		e.buf.WriteString(strconv.FormatBool(bool(x)))
	case *lua.LNilType:
		e.buf.WriteString("null")
	case *lua.LTable:
		return e.table(x, depth+1)
	case *lua.LUserData:
		if IsJSONNull(x) {
			e.buf.WriteString("null")
			return nil
		}
		return cannot(v, "type not supported")
	default:
		return cannot(v, "type not supported")
	}
	return nil
}

// number appends a number: int32-integral values as integers, others in
// the selected float format of their float32 rounding; ±FLT_EPSILON → 0.
func (e *jsonEncoder) number(n lua.LNumber) error {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return cannot(n, "must not be NaN or Inf")
	}
	if IsInt32(f) {
		e.buf.WriteString(strconv.FormatInt(int64(f), 10))
		return nil
	}
	f = float64(float32(f))
	if math.IsInf(f, 0) { // beyond float32: the device holds inf here
		return cannot(n, "must not be NaN or Inf")
	}
	if f <= float32Epsilon && f >= -float32Epsilon {
		e.buf.WriteByte('0')
		return nil
	}
	e.buf.WriteString(FormatC(f, e.opts.Verb, e.opts.Prec))
	return nil
}

// str appends a quoted, escaped string.
func (e *jsonEncoder) str(s string) {
	const hex = "0123456789abcdef"
	e.buf.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			e.buf.WriteByte('\\')
			e.buf.WriteByte(c)
		case c == '\b':
			e.buf.WriteString(`\b`)
		case c == '\t':
			e.buf.WriteString(`\t`)
		case c == '\n':
			e.buf.WriteString(`\n`)
		case c == '\f':
			e.buf.WriteString(`\f`)
		case c == '\r':
			e.buf.WriteString(`\r`)
		case c < 0x20 || c == 0x7f:
			e.buf.WriteString(`\u00`)
			e.buf.WriteByte(hex[c>>4])
			e.buf.WriteByte(hex[c&15])
		default:
			e.buf.WriteByte(c)
		}
	}
	e.buf.WriteByte('"')
}

// table appends an array or an object.
func (e *jsonEncoder) table(t *lua.LTable, depth int) error {
	if depth > jsonMaxDepth {
		return &errJSON{fmt.Sprintf("Cannot serialise, excessive nesting (%d)", depth)}
	}
	n, err := arrayLength(t)
	if err != nil {
		return err
	}
	if n > 0 {
		return e.array(t, n, depth)
	}
	return e.object(t, depth)
}

// arrayLength returns the array length of t (max integer key), 0 when t is
// empty or not a pure array, or the sparse-array error.
func arrayLength(t *lua.LTable) (int, error) {
	maxKey, items := 0.0, 0
	for k, _ := t.Next(lua.LNil); k != lua.LNil; k, _ = t.Next(k) {
		n, ok := k.(lua.LNumber)
		if !ok || n < 1 || float64(n) != math.Floor(float64(n)) {
			return 0, nil
		}
		maxKey = math.Max(maxKey, float64(n))
		items++
	}
	if maxKey > float64(items*jsonSparseRatio) && maxKey > jsonSparseSafe {
		return 0, &errJSON{"Cannot serialise table: excessively sparse array"}
	}
	return int(maxKey), nil
}

// array appends t[1..n], holes as null.
func (e *jsonEncoder) array(t *lua.LTable, n, depth int) error {
	e.buf.WriteByte('[')
	for i := 1; i <= n; i++ {
		if i > 1 {
			e.buf.WriteByte(',')
		}
		if err := e.value(t.RawGetInt(i), depth); err != nil {
			return err
		}
	}
	e.buf.WriteByte(']')
	return nil
}

// object appends t's pairs; number keys are written as quoted numbers.
func (e *jsonEncoder) object(t *lua.LTable, depth int) error {
	e.buf.WriteByte('{')
	first := true
	for k, v := t.Next(lua.LNil); k != lua.LNil; k, v = t.Next(k) {
		if !first {
			e.buf.WriteByte(',')
		}
		first = false
		switch key := k.(type) {
		case lua.LNumber:
			e.buf.WriteByte('"')
			if err := e.number(key); err != nil {
				return err
			}
			e.buf.WriteString(`":`)
		case lua.LString:
			e.str(string(key))
			e.buf.WriteByte(':')
		default:
			return cannot(k, "table key must be a number or string")
		}
		if err := e.value(v, depth); err != nil {
			return err
		}
	}
	e.buf.WriteByte('}')
	return nil
}
