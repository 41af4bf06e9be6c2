package emulator

import (
	"fmt"
	"time"
)

// defaultTZ is the zone in quarter hours: +32 = UTC+8, as every captured
// +NITZ shows (at-commands.md §6.1, §6.2).
const defaultTZ = 32

// zone returns the fixed zone of tz quarter hours.
func zone(tz int) *time.Location {
	return time.FixedZone("", tz*15*60)
}

// signedTZ renders a zone as "+32" / "-08" (two digits and a sign, as the
// captured "+32" and the manual's "+00", §2 AT+CCLK, §6.1).
func signedTZ(tz int) string {
	if tz < 0 {
		return fmt.Sprintf("-%02d", -tz)
	}
	return fmt.Sprintf("+%02d", tz)
}

// formatCCLK renders AT+CCLK? as `+CCLK: "yy/MM/dd,hh:mm:ss±zz"` (§2,
// manual example `+CCLK: "18/08/01,12:12:58+00"`). The time is local time
// in the zone, as 27.007 defines it (inferred for this firmware).
func formatCCLK(t time.Time, tz int) string {
	return `+CCLK: "` + t.In(zone(tz)).Format("06/01/02,15:04:05") + signedTZ(tz) + `"`
}

// formatNITZ renders the network time URC in the first captured variant,
// "+NITZ: 2024/08/23,06:52:50+32,0" (§6.1, 4-digit year, ds 0). The time is
// UTC: inferred from the captures' times (06:52 with +32 is mid-afternoon in
// China, where the logs were made; local time would be 06:52 in the morning).
func formatNITZ(t time.Time, tz int) string {
	return "+NITZ: " + t.UTC().Format("2006/01/02,15:04:05") + signedTZ(tz) + ",0"
}

// parseCCLK parses the argument of AT+CCLK="yy/MM/dd,hh:mm:ss±zz" (§2). It
// returns the instant and the zone in quarter hours (-48..+56, the range of
// real zones, inferred bound).
func parseCCLK(s string) (time.Time, int, error) {
	if len(s) != 20 || (s[17] != '+' && s[17] != '-') {
		return time.Time{}, 0, fmt.Errorf("clock %q is not yy/MM/dd,hh:mm:ss±zz: %w", s, errParam)
	}
	var tz int
	if _, err := fmt.Sscanf(s[18:], "%02d", &tz); err != nil || s[18] < '0' || s[18] > '9' || s[19] < '0' || s[19] > '9' {
		return time.Time{}, 0, fmt.Errorf("clock %q: bad zone: %w", s, errParam)
	}
	if s[17] == '-' {
		tz = -tz
	}
	if tz < -48 || tz > 56 {
		return time.Time{}, 0, fmt.Errorf("clock %q: zone out of range: %w", s, errParam)
	}
	t, err := time.ParseInLocation("06/01/02,15:04:05", s[:17], zone(tz))
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("clock %q: %v: %w", s, err, errParam)
	}
	return t, tz, nil
}
