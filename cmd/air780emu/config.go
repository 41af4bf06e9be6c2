package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxConfigSize bounds the -config file: a settings file is a few hundred
// bytes, so anything past 1 MiB is a wrong path, not a config.
const maxConfigSize = 1 << 20

// fileKeys are the keys a -config file may hold: every setting except
// config (a file does not include another) and check (a mode, not a setting).
var fileKeys = func() []string {
	var out []string
	for _, k := range keys {
		if k != "config" {
			out = append(out, k)
		}
	}
	return out
}()

// loadConfig reads the YAML file at path over base. Unknown keys and values
// of the wrong type are usageErrors naming the file, line and key.
func loadConfig(path string, base Settings) (Settings, error) {
	f, err := os.Open(path)
	if err != nil {
		return base, usagef("-config: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return base, usagef("-config %s: %v", path, err)
	}
	if len(data) > maxConfigSize {
		return base, usagef("-config %s: larger than %d bytes", path, maxConfigSize)
	}
	s, err := decodeConfig(data, base)
	if err != nil {
		return base, usagef("-config %s: %v", path, err)
	}
	return s, nil
}

// decodeConfig applies the YAML document in data to a copy of base. It walks
// the yaml.Node tree instead of decoding into a struct with
// Decoder.KnownFields(true): the effect is the same (unknown keys are
// errors) but each error can name the line, the key and what it accepts,
// and duplicate keys are caught too.
func decodeConfig(data []byte, base Settings) (Settings, error) {
	s := base
	s.Hosts = cloneHosts(base.Hosts)
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return s, errors.New(oneLine(err.Error()))
	}
	if len(doc.Content) == 0 {
		return s, nil // an empty file sets nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return s, fmt.Errorf("line %d: want a mapping of settings (key: value), got %s", root.Line, kindName(root))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			return s, fmt.Errorf("line %d: %s: already defined on line %d", k.Line, k.Value, first)
		}
		seen[k.Value] = k.Line
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" && knownKey(k.Value) {
			continue // "key:" with no value keeps the default
		}
		if err := applyKey(&s, k.Value, v); err != nil {
			return s, fmt.Errorf("line %d: %s: %w", k.Line, k.Value, err)
		}
	}
	return s, nil
}

// applyKey decodes one key's value node into s.
func applyKey(s *Settings, key string, v *yaml.Node) error {
	switch key {
	case "board":
		return scalar(v, &s.Board)
	case "firmware":
		return scalar(v, &s.Firmware)
	case "script":
		return scalar(v, &s.Script)
	case "port":
		return scalar(v, &s.Port)
	case "link":
		return scalar(v, &s.Link)
	case "control":
		return scalar(v, &s.Control)
	case "usb-link":
		return scalar(v, &s.USBLink)
	case "trace":
		return scalar(v, &s.Trace)
	case "state":
		return scalar(v, &s.State)
	case "quirks":
		return scalar(v, &s.Quirks)
	case "boot":
		return scalar(v, &s.Boot)
	case "log-level":
		return scalar(v, &s.LogLevel)
	}
	return applyTyped(s, key, v)
}

// applyTyped handles the keys whose values are not plain strings.
func applyTyped(s *Settings, key string, v *yaml.Node) error {
	switch key {
	case "baud":
		var raw string
		if err := scalar(v, &raw); err != nil {
			return err
		}
		n, err := parseBaud(raw)
		s.Baud = n
		return err
	case "seed":
		if err := (&seedFlag{s}).Set(v.Value); err != nil || v.Kind != yaml.ScalarNode {
			return errors.New("want a 64-bit integer")
		}
		return nil
	case "pace":
		if err := v.Decode(&s.Pace); err != nil || v.Kind != yaml.ScalarNode {
			return errors.New("want true or false")
		}
		return nil
	case "net":
		return decodeNet(s, v)
	case "hosts":
		return decodeHosts(s, v)
	}
	return fmt.Errorf("unknown key (accepted: %s)", strings.Join(fileKeys, ", "))
}

// knownKey reports whether key may appear in a -config file.
func knownKey(key string) bool {
	for _, k := range fileKeys {
		if k == key {
			return true
		}
	}
	return false
}

// scalar decodes a scalar node into a string.
func scalar(v *yaml.Node, dst *string) error {
	if v.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a single value, got %s", kindName(v))
	}
	*dst = v.Value
	return nil
}

// decodeNet accepts a list of "IFACE:k=v,..." strings (or one string).
func decodeNet(s *Settings, v *yaml.Node) error {
	if v.Kind == yaml.ScalarNode {
		s.Net = []string{v.Value}
		return nil
	}
	var list []string
	if v.Kind != yaml.SequenceNode || v.Decode(&list) != nil {
		return fmt.Errorf(`want a list of "IFACE:k=v,..." strings, got %s`, kindName(v))
	}
	s.Net = list
	return nil
}

// decodeHosts accepts a mapping NAME: HOST:PORT.
func decodeHosts(s *Settings, v *yaml.Node) error {
	var m map[string]string
	if v.Kind != yaml.MappingNode || v.Decode(&m) != nil {
		return fmt.Errorf("want a mapping NAME: HOST:PORT, got %s", kindName(v))
	}
	for name, addr := range m {
		n, err := checkHost(name, addr)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		s.Hosts[n] = addr
	}
	return nil
}

// kindName names a node's kind for error messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

// oneLine folds a multi-line error message into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
