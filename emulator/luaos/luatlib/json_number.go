package luatlib

import (
	"math"
	"strconv"
	"strings"
)

// numberTok reads a number: strict-JSON rejections first (leading "+",
// leading zeros, hex, inf/nan), then C strtod syntax, then the firmware's
// integer rule.
func (d *jsonDecoder) numberTok() jsonToken {
	start := d.pos
	if d.invalidNumber() {
		return d.errTok("invalid number")
	}
	end := scanCNumber(d.data, d.pos)
	if end == d.pos {
		return d.errTok("invalid number")
	}
	text := d.data[start:end]
	d.pos = end
	f, _ := strconv.ParseFloat(text, 64) // range errors give ±Inf or 0 as strtod does
	if text != "0" && strings.IndexByte(text, '.') < 0 {
		if iv := strtol32(text); iv != 0 {
			f = float64(iv)
		}
	}
	return jsonToken{kind: tNumber, index: start, num: f}
}

// invalidNumber mirrors lua-cjson's json_is_invalid_number.
func (d *jsonDecoder) invalidNumber() bool {
	p := d.pos
	if d.at(p) == '-' {
		p++
	}
	c := d.at(p)
	if c == '0' {
		c2 := d.at(p + 1)
		return c2|0x20 == 'x' || (c2 >= '0' && c2 <= '9')
	}
	if c <= '9' {
		return false
	}
	rest := d.data[p:min(p+3, len(d.data))]
	return equalFoldASCII(rest, "inf") || equalFoldASCII(rest, "nan")
}

// scanCNumber returns the end of the longest prefix of s[i:] that C's
// strtod reads as a decimal number ([-]digits[.digits][e[+-]digits]), or i.
func scanCNumber(s string, i int) int {
	j := i
	if j < len(s) && (s[j] == '-' || s[j] == '+') {
		j++
	}
	digits := 0
	for ; j < len(s) && isDigit(s[j]); j++ {
		digits++
	}
	if j < len(s) && s[j] == '.' {
		j++
		for ; j < len(s) && isDigit(s[j]); j++ {
			digits++
		}
	}
	if digits == 0 {
		return i
	}
	if j < len(s) && s[j]|0x20 == 'e' {
		k := j + 1
		if k < len(s) && (s[k] == '-' || s[k] == '+') {
			k++
		}
		if k < len(s) && isDigit(s[k]) {
			for k < len(s) && isDigit(s[k]) {
				k++
			}
			j = k
		}
	}
	return j
}

// strtol32 is C strtol on the leading decimal integer of s, saturated to
// the 32-bit long of the device.
func strtol32(s string) int64 {
	neg := false
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg = s[i] == '-'
		i++
	}
	var v int64
	for ; i < len(s) && isDigit(s[i]); i++ {
		v = v*10 + int64(s[i]-'0')
		if v > math.MaxInt32+1 {
			v = math.MaxInt32 + 1
		}
	}
	if neg {
		return max(-v, math.MinInt32)
	}
	return min(v, math.MaxInt32)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// equalFoldASCII compares ASCII case-insensitively.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i]|0x20 != b[i]|0x20 {
			return false
		}
	}
	return true
}
