package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/air780emu/air780emu/atcmd"
)

// profile is what AT&W saves and a reboot restores (at-commands.md §2 AT&W:
// "saves parameters of many commands to NV"; which ones is not listed, so
// the set is inferred): the engine's V.250 settings (ATE, ATV, ATQ — ATQ
// is documented as saved, §2 ATQ — AT+CMEE, S3–S5), AT+IPR (the manual's
// "AT+IPR=x;&W", §1.1) and AT+CSDT.
type profile struct {
	Version  int            `json:"version"`
	Settings atcmd.Settings `json:"settings"`
	IPR      int            `json:"ipr"`
	CSDT     int            `json:"csdt"`
}

const profileVersion = 1

// factoryProfile is the profile of a module fresh from the factory.
func factoryProfile() profile {
	return profile{Version: profileVersion, Settings: atcmd.DefaultSettings(), IPR: defaultIPR}
}

// validate rejects a profile whose values no command could have set.
func (p profile) validate() error {
	s := p.Settings
	switch {
	case p.Version != profileVersion:
		return fmt.Errorf("version %d, want %d", p.Version, profileVersion)
	case s.CMEE < 0 || s.CMEE > 2:
		return fmt.Errorf("cmee %d out of range 0..2", s.CMEE)
	case s.S3 == 0 || s.S3 > 127 || s.S4 > 127 || s.S5 > 127:
		return fmt.Errorf("S-registers S3=%d S4=%d S5=%d out of range", s.S3, s.S4, s.S5)
	case !validIPR(p.IPR):
		return fmt.Errorf("ipr %d is not a supported rate", p.IPR)
	case p.CSDT != 0 && p.CSDT != 1:
		return fmt.Errorf("csdt %d out of range 0..1", p.CSDT)
	}
	return nil
}

// loadProfile reads the state file at path; a missing file (or an empty
// path) means factory defaults.
func loadProfile(path string) (profile, error) {
	if path == "" {
		return factoryProfile(), nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return factoryProfile(), nil
	}
	if err != nil {
		return profile{}, fmt.Errorf("emulator: failed to read state file: %w", err)
	}
	var p profile
	if err := json.Unmarshal(b, &p); err != nil {
		return profile{}, fmt.Errorf("emulator: state file %s: %w", path, err)
	}
	if err := p.validate(); err != nil {
		return profile{}, fmt.Errorf("emulator: state file %s: %w", path, err)
	}
	return p, nil
}

// saveProfile writes p to path atomically: a temporary file in the same
// folder, synced, then renamed over the old one, so a crash leaves either
// the old profile or the new one, never half of one.
func saveProfile(path string, p profile) (err error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("emulator: failed to encode state: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("emulator: failed to save state: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("emulator: failed to save state: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("emulator: failed to save state: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("emulator: failed to save state: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("emulator: failed to save state: %w", err)
	}
	return nil
}
