package wsecho

import (
	"bytes"
	"encoding/json"
)

// EchoReply returns /ws/echo's answer to a text message, and false when
// there is none: msg must be a JSON object whose "action" is the string
// "echo". The answer is the same object with "server":ServerField set
// (tools/ws_echo_server.py, luatos-semantics.md §1.15). Keys keep their input
// order, an existing "server" is replaced in place (as a Python dict would),
// and the output is compact JSON; Python's json.dumps would put a space after
// ':' and ',' (inferred difference, harmless to JSON parsers).
func EchoReply(msg []byte) ([]byte, bool) {
	keys, vals, ok := objectMembers(msg)
	if !ok {
		return nil, false
	}
	action := -1
	server := -1
	for i, k := range keys {
		switch k {
		case "action":
			action = i
		case "server":
			server = i
		}
	}
	var a string
	if action < 0 || json.Unmarshal(vals[action], &a) != nil || a != "echo" {
		return nil, false
	}
	sv, _ := json.Marshal(ServerField)
	if server < 0 {
		keys, vals = append(keys, "server"), append(vals, sv)
	} else {
		vals[server] = sv
	}
	return encodeObject(keys, vals), true
}

// objectMembers splits a JSON object into its keys and raw values, in order.
// The last of duplicate keys wins, as in Python.
func objectMembers(msg []byte) ([]string, []json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(msg))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, false
	}
	var keys []string
	var vals []json.RawMessage
	index := map[string]int{}
	for dec.More() {
		t, err := dec.Token()
		k, isStr := t.(string)
		if err != nil || !isStr {
			return nil, nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, false
		}
		if i, dup := index[k]; dup {
			vals[i] = v
			continue
		}
		index[k] = len(keys)
		keys, vals = append(keys, k), append(vals, v)
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, nil, false
	}
	if _, err := dec.Token(); err == nil {
		return nil, nil, false // trailing data: not one JSON object
	}
	return keys, vals, true
}

// encodeObject writes {"k":v,...} compactly.
func encodeObject(keys []string, vals []json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		_ = json.Compact(&b, vals[i])
	}
	b.WriteByte('}')
	return b.Bytes()
}
