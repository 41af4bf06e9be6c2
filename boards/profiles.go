package boards

import (
	"fmt"
	"strings"
)

// Profile describes one board of the family.
type Profile struct {
	// Name is the model name as AT+CGMM and hmeta.model() report it.
	Name string `json:"name"`
	// Platform is the SoC (AT^HVER, rtos.bsp()).
	Platform string `json:"platform"`
	// ATFirmware is the AT firmware identity (ATI, AT+CGMR, AT+VER).
	ATFirmware string `json:"at_firmware"`
	// LuatOSVersion is the LuatOS firmware version ("V1104").
	LuatOSVersion string `json:"luatos_version"`
	// HWVersion is the hardware revision (AT*I "HWver", hmeta.hwver()).
	HWVersion string `json:"hw_version"`
	// LuaHeap is the Lua VM heap in bytes (LUAT_HEAP_SIZE).
	LuaHeap int `json:"lua_heap"`
	// ScriptArea and ScriptOTA are the script partitions in bytes.
	ScriptArea int `json:"script_area"`
	ScriptOTA  int `json:"script_ota"`
	// WSRecvMax is the websocket receive buffer (WEBSOCKET_PAYLOAD_MAX).
	WSRecvMax int `json:"ws_recv_max"`
	// GPIOMax is the highest GPIO number.
	GPIOMax int `json:"gpio_max"`
	// TAC is the IMEI type allocation code used for generated identities.
	TAC string `json:"tac"`
	// Inferred lists the fields no source confirms for this board.
	Inferred []string `json:"inferred,omitempty"`
}

// LuatOSFirmware returns the LuatOS firmware string, as rtos.firmware() and
// the shell's ATI report it: "LuatOS-SoC_V1104_EC618".
func (p Profile) LuatOSFirmware() string {
	return "LuatOS-SoC_" + p.LuatOSVersion + "_" + p.Platform
}

// Adapters lists the LuatOS adapters present on every board of the family
// (cellular LWIP_GP is the default; ETH0, STA and AP exist when an external
// chip is fitted, which the emulator always models).
func (p Profile) Adapters() []string { return []string{"LWIP_GP", "STA", "AP", "ETH0"} }

const kib = 1024

// profiles is the table of the eight boards. Sources per field:
//   - ATFirmware: at-commands.md §2 ATI (captured "AirM2M_780E_V1165_LTE_AT"
//     on Air780E; "AirM2M_780EP_V1010_LTE_AT" on Air780EP). The strings of
//     the other boards follow the documented naming pattern
//     AirM2M_<model>_V<nnnn>_LTE_AT and are inferred.
//   - Platform, LuaHeap, ScriptArea/ScriptOTA: luatos-semantics.md §5.
//   - WSRecvMax: luatos-semantics.md §1.7/§5 (8 KiB without PSRAM).
//   - GPIOMax: luatos-semantics.md §5 (36 EC618, 47 EC718, 29 EC716).
//   - HWVersion "A12": at-commands.md §2 AT*I example; inferred elsewhere.
//   - TAC 86832707: the IMEI prefix of the captured Air780E (868327076101441);
//     the same TAC for the other boards is inferred.
var profiles = []Profile{
	{Name: "Air780E", Platform: "EC618", ATFirmware: "AirM2M_780E_V1165_LTE_AT", LuatOSVersion: "V1104",
		HWVersion: "A12", LuaHeap: 200 * kib, ScriptArea: 128 * kib, ScriptOTA: 96 * kib, WSRecvMax: 8192, GPIOMax: 36, TAC: "86832707"},
	{Name: "Air780EP", Platform: "EC718P", ATFirmware: "AirM2M_780EP_V1010_LTE_AT", LuatOSVersion: "V2001",
		HWVersion: "A12", LuaHeap: 300 * kib, ScriptArea: 256 * kib, ScriptOTA: 192 * kib, WSRecvMax: 8192, GPIOMax: 47, TAC: "86832707",
		Inferred: []string{"hw_version", "tac"}},
	{Name: "Air780EPS", Platform: "EC718U", ATFirmware: "AirM2M_780EPS_V1010_LTE_AT", LuatOSVersion: "V2001",
		HWVersion: "A12", LuaHeap: 250 * kib, ScriptArea: 512 * kib, ScriptOTA: 360 * kib, WSRecvMax: 8192, GPIOMax: 47, TAC: "86832707",
		Inferred: []string{"at_firmware", "hw_version", "tac"}},
	{Name: "Air780EQ", Platform: "EC716E", ATFirmware: "AirM2M_780EQ_V1010_LTE_AT", LuatOSVersion: "V2001",
		HWVersion: "A12", LuaHeap: 200 * kib, ScriptArea: 512 * kib, ScriptOTA: 360 * kib, WSRecvMax: 8192, GPIOMax: 29, TAC: "86832707",
		Inferred: []string{"at_firmware", "hw_version", "tac"}},
	{Name: "Air700EAQ", Platform: "EC716E", ATFirmware: "AirM2M_700EAQ_V1010_LTE_AT", LuatOSVersion: "V2001",
		HWVersion: "A12", LuaHeap: 200 * kib, ScriptArea: 256 * kib, ScriptOTA: 192 * kib, WSRecvMax: 8192, GPIOMax: 29, TAC: "86832707",
		Inferred: []string{"platform", "at_firmware", "hw_version", "tac"}},
	{Name: "Air700EMQ", Platform: "EC716E", ATFirmware: "AirM2M_700EMQ_V1010_LTE_AT", LuatOSVersion: "V2001",
		HWVersion: "A12", LuaHeap: 200 * kib, ScriptArea: 256 * kib, ScriptOTA: 192 * kib, WSRecvMax: 8192, GPIOMax: 29, TAC: "86832707",
		Inferred: []string{"platform", "at_firmware", "hw_version", "tac"}},
	{Name: "Air700ECQ", Platform: "EC716E", ATFirmware: "AirM2M_700ECQ_V1010_LTE_AT", LuatOSVersion: "V2001",
		HWVersion: "A12", LuaHeap: 200 * kib, ScriptArea: 256 * kib, ScriptOTA: 192 * kib, WSRecvMax: 8192, GPIOMax: 29, TAC: "86832707",
		Inferred: []string{"platform", "at_firmware", "hw_version", "tac"}},
	{Name: "Air201", Platform: "EC718U", ATFirmware: "AirM2M_201_V1010_LTE_AT", LuatOSVersion: "V2001",
		HWVersion: "A12", LuaHeap: 250 * kib, ScriptArea: 512 * kib, ScriptOTA: 360 * kib, WSRecvMax: 8192, GPIOMax: 47, TAC: "86832707",
		Inferred: []string{"at_firmware", "hw_version", "tac"}},
}

// Default is the board used when none is named.
const Default = "Air780E"

// All returns every profile, in the family's usual order.
func All() []Profile {
	out := make([]Profile, len(profiles))
	copy(out, profiles)
	return out
}

// Names returns the board names, for error messages and flag help.
func Names() []string {
	names := make([]string, len(profiles))
	for i, p := range profiles {
		names[i] = p.Name
	}
	return names
}

// Lookup finds a profile by name, case-insensitively.
func Lookup(name string) (Profile, error) {
	for _, p := range profiles {
		if strings.EqualFold(p.Name, name) {
			return p, nil
		}
	}
	return Profile{}, fmt.Errorf("unknown board %q (accepted: %s)", name, strings.Join(Names(), ", "))
}
