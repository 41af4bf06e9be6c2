package luatlib

import (
	"fmt"
	"strings"
	"time"
)

// c89Specifiers are the strftime conversions os.date accepts on the device
// (LUA_STRFTIMEOPTIONS = L_STRFTIMEC89 in the LuatOS loslib.c, §3.8).
const c89Specifiers = "aAbBcdHIjmMpSUwWxXyYZ%"

// ErrSpecifier is returned by [Strftime] for a conversion outside C89.
type ErrSpecifier struct {
	// Rest is the format from the offending specifier to the end, as the
	// firmware's message prints it ("invalid conversion specifier '%F %T'").
	Rest string
}

func (e *ErrSpecifier) Error() string {
	return fmt.Sprintf("invalid conversion specifier '%%%s'", e.Rest)
}

var (
	weekdays = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	months   = [...]string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
)

// Strftime formats t like C's strftime in the "C" locale, accepting only
// the C89 specifiers. %c is "%a %b %e %H:%M:%S %Y" and %Z is always "GMT":
// the device converts with gmtime after adding the RTC zone (inferred from
// loslib.c; glibc's C locale gives the same texts).
func Strftime(format string, t time.Time) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(format) || strings.IndexByte(c89Specifiers, format[i+1]) < 0 {
			return "", &ErrSpecifier{Rest: format[i+1:]}
		}
		i++
		b.WriteString(conversion(format[i], t))
	}
	return b.String(), nil
}

// conversion expands one C89 specifier.
func conversion(c byte, t time.Time) string {
	switch c {
	case 'a':
		return weekdays[t.Weekday()][:3]
	case 'A':
		return weekdays[t.Weekday()]
	case 'b':
		return months[t.Month()-1][:3]
	case 'B':
		return months[t.Month()-1]
	case 'c':
		return fmt.Sprintf("%s %s %2d %02d:%02d:%02d %d", weekdays[t.Weekday()][:3],
			months[t.Month()-1][:3], t.Day(), t.Hour(), t.Minute(), t.Second(), t.Year())
	case 'd':
		return fmt.Sprintf("%02d", t.Day())
	case 'H':
		return fmt.Sprintf("%02d", t.Hour())
	case 'I':
		return fmt.Sprintf("%02d", (t.Hour()+11)%12+1)
	case 'j':
		return fmt.Sprintf("%03d", t.YearDay())
	case 'm':
		return fmt.Sprintf("%02d", int(t.Month()))
	case 'M':
		return fmt.Sprintf("%02d", t.Minute())
	case 'p':
		if t.Hour() < 12 {
			return "AM"
		}
		return "PM"
	case 'S':
		return fmt.Sprintf("%02d", t.Second())
	}
	return conversion2(c, t)
}

// conversion2 holds the week, composite and year specifiers.
func conversion2(c byte, t time.Time) string {
	yday, wday := t.YearDay()-1, int(t.Weekday())
	switch c {
	case 'U':
		return fmt.Sprintf("%02d", (yday+7-wday)/7)
	case 'w':
		return fmt.Sprintf("%d", wday)
	case 'W':
		return fmt.Sprintf("%02d", (yday+7-(wday+6)%7)/7)
	case 'x':
		return fmt.Sprintf("%02d/%02d/%02d", int(t.Month()), t.Day(), t.Year()%100)
	case 'X':
		return fmt.Sprintf("%02d:%02d:%02d", t.Hour(), t.Minute(), t.Second())
	case 'y':
		return fmt.Sprintf("%02d", t.Year()%100)
	case 'Y':
		return fmt.Sprintf("%d", t.Year())
	case 'Z':
		return "GMT"
	}
	return "%"
}
