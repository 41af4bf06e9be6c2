package boards_test

import (
	"fmt"
	"testing"

	"github.com/air780emu/air780emu/boards"
)

func TestLookupCaseInsensitive(t *testing.T) {
	p, err := boards.Lookup("air780ep")
	if err != nil || p.Name != "Air780EP" {
		t.Fatalf("Lookup(air780ep) = %v, %v", p.Name, err)
	}
	if _, err := boards.Lookup("Air999"); err == nil {
		t.Fatal("Lookup(Air999) succeeded")
	}
}

func TestEightBoards(t *testing.T) {
	want := []string{"Air780E", "Air780EP", "Air780EPS", "Air780EQ", "Air700EAQ", "Air700EMQ", "Air700ECQ", "Air201"}
	got := boards.Names()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
}

func TestIdentityDeterministicDistinctValid(t *testing.T) {
	p, _ := boards.Lookup("Air780E")
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := boards.NewIdentity(p, 42, i)
		if id != boards.NewIdentity(p, 42, i) {
			t.Fatal("identity not deterministic")
		}
		if len(id.IMEI) != 15 || !boards.LuhnValid(id.IMEI) {
			t.Fatalf("bad IMEI %q", id.IMEI)
		}
		if len(id.ICCID) != 20 || !boards.LuhnValid(id.ICCID) {
			t.Fatalf("bad ICCID %q", id.ICCID)
		}
		if len(id.IMSI) != 15 {
			t.Fatalf("bad IMSI %q", id.IMSI)
		}
		if seen[id.IMEI] {
			t.Fatalf("duplicate IMEI %s at index %d", id.IMEI, i)
		}
		seen[id.IMEI] = true
	}
	if boards.NewIdentity(p, 1, 0) == boards.NewIdentity(p, 2, 0) {
		t.Fatal("different seeds gave the same identity")
	}
}

func TestLuhnKnown(t *testing.T) {
	// The captured Air780E IMEI (at-commands.md §2) and the manual's ICCID.
	for _, s := range []string{"868327076101441", "79927398713"} {
		if !boards.LuhnValid(s) {
			t.Errorf("LuhnValid(%s) = false", s)
		}
	}
	if boards.LuhnValid("868327076101442") {
		t.Error("LuhnValid accepted a wrong check digit")
	}
}

func ExampleLuhnDigit() {
	fmt.Println(boards.LuhnDigit("86832707610144"))
	// Output: 1
}

func ExampleProfile_LuatOSFirmware() {
	p, _ := boards.Lookup("Air780E")
	fmt.Println(p.ATFirmware, p.LuatOSFirmware())
	// Output: AirM2M_780E_V1165_LTE_AT LuatOS-SoC_V1104_EC618
}
