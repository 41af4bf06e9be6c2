package boards

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// Identity is a device's SIM and equipment identity.
type Identity struct {
	IMEI  string `json:"imei"`  // 15 digits, Luhn check digit
	IMSI  string `json:"imsi"`  // 15 digits, MCC 460 MNC 01
	ICCID string `json:"iccid"` // 20 digits, Luhn check digit
}

// NewIdentity derives a device's identity deterministically from seed and its
// index in a fleet, so fleets get distinct, stable identities: the serial
// parts are a seed-dependent offset plus index times a stride coprime to the
// field's size, so up to a million devices of one seed never collide. The IMSI uses
// MCC/MNC 46001 (the network of the AT+COPS example in at-commands.md §2);
// the ICCID starts 898601 as the manual's example does.
func NewIdentity(p Profile, seed int64, index int) Identity {
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], uint64(seed))
	binary.BigEndian.PutUint64(buf[8:], uint64(index))
	sum := sha256.Sum256(append([]byte(p.Name+"\x00"), buf[:8]...))
	n := func(i int, size uint64) uint64 {
		const stride = 7_919 // prime, coprime to every power of ten
		return (binary.BigEndian.Uint64(sum[i*8:]) + uint64(index)*stride) % size
	}
	imei := fmt.Sprintf("%s%06d", p.TAC, n(0, 1_000_000))
	iccid := fmt.Sprintf("898601%013d", n(2, 10_000_000_000_000))
	return Identity{
		IMEI:  imei + string(rune('0'+LuhnDigit(imei))),
		IMSI:  fmt.Sprintf("46001%010d", n(1, 10_000_000_000)),
		ICCID: iccid + string(rune('0'+LuhnDigit(iccid))),
	}
}

// LuhnDigit returns the Luhn check digit for the decimal string digits.
func LuhnDigit(digits string) int {
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if (len(digits)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10 - sum%10) % 10
}

// LuhnValid reports whether digits ends in a correct Luhn check digit.
func LuhnValid(digits string) bool {
	if len(digits) < 2 {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return LuhnDigit(digits[:len(digits)-1]) == int(digits[len(digits)-1]-'0')
}
