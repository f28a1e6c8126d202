package errnotify

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/tasktoken/tasktoken/sfnctx"
)

// redactor replaces task tokens with their fingerprints wherever they occur,
// so a token a caller put in a description, an error text or Extra by
// mistake never leaves.
type redactor struct {
	replacer *strings.Replacer // nil when there is no token
}

// newRedactor returns a redactor for the non-empty tokens given.
func newRedactor(tokens []string) *redactor {
	var pairs []string // old, new, old, new, ...
	seen := map[string]bool{}
	for _, t := range tokens {
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		stand := "[task token " + sfnctx.TokenFingerprint(t) + "]"
		pairs = append(pairs, t, stand)
		// Inside JSON text the token appears escaped if it holds a quote,
		// a backslash or a control character.
		if q := jsonText(t); q != t {
			pairs = append(pairs, q, stand)
		}
	}
	if len(pairs) == 0 {
		return &redactor{}
	}
	return &redactor{replacer: strings.NewReplacer(pairs...)}
}

// String returns s with every token replaced by its stand-in.
func (r *redactor) String(s string) string {
	if r.replacer == nil {
		return s
	}
	return r.replacer.Replace(s)
}

// envelope redacts every text field of env, Extra included.
func (r *redactor) envelope(env *Envelope) {
	for _, f := range []*string{&env.Source, &env.Description, &env.Kind, &env.Error,
		&env.Reference, &env.ExecutionARN, &env.StateMachineARN, &env.StateName,
		&env.RequestID, &env.FunctionName, &env.LogGroup, &env.LogStream, &env.ConsoleURL} {
		*f = r.String(*f)
	}
	env.Extra = r.extra(env.Extra)
}

// extra returns a copy of extra as plain JSON values with tokens redacted in
// keys and values at any depth. Values JSON cannot encode are replaced by a
// note saying so rather than failing the notice.
func (r *redactor) extra(extra map[string]any) map[string]any {
	if len(extra) == 0 {
		return nil
	}
	out := make(map[string]any, len(extra))
	for k, v := range extra {
		data, err := marshal(v)
		if err != nil {
			out[r.String(k)] = "[errnotify: value not encodable as JSON]"
			continue
		}
		var plain any
		dec := json.NewDecoder(bytes.NewReader([]byte(r.String(string(data)))))
		dec.UseNumber()
		if err := dec.Decode(&plain); err != nil {
			plain = "[errnotify: value not encodable as JSON]"
		}
		out[r.String(k)] = plain
	}
	return out
}

// jsonText returns s as encoding/json writes it inside a string, without
// the quotes.
func jsonText(s string) string {
	data, err := marshal(s)
	if err != nil {
		return s
	}
	return string(bytes.TrimSuffix(bytes.TrimPrefix(data, []byte(`"`)), []byte(`"`)))
}

// marshal encodes v as JSON without HTML escaping and without the trailing
// newline json.Encoder adds.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
