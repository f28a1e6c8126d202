package errnotify

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"sort"
	"strings"

	"github.com/tasktoken/tasktoken/sfnctx"
)

// notEncodable stands in for an Extra value that JSON cannot encode.
const notEncodable = "[errnotify: value not encodable as JSON]"

// secrets returns the task tokens a notice about ctx must not reveal: the
// notice's own and the one of the context object ctx carries.
func secrets(ctx context.Context, notice Notice) []string {
	tokens := []string{notice.Token}
	if c, ok := sfnctx.FromContext(ctx); ok {
		tokens = append(tokens, c.Task.Token)
	}
	return tokens
}

// redactor replaces task tokens with their placeholder
// ([sfnctx.TokenPlaceholder]) wherever they occur, so a token a caller put
// in a description, an error text or Extra by mistake never leaves.
type redactor struct {
	replacer *strings.Replacer // nil when there is no token
}

// newRedactor returns a redactor for the non-empty tokens given, replacing
// each in every form of [tokenForms].
func newRedactor(tokens []string) *redactor {
	stands := map[string]string{} // form → stand-in
	for _, t := range tokens {
		if t == "" {
			continue
		}
		for _, form := range tokenForms(t) {
			if _, seen := stands[form]; !seen {
				stands[form] = sfnctx.TokenPlaceholder(t)
			}
		}
	}
	if len(stands) == 0 {
		return &redactor{}
	}
	forms := make([]string, 0, len(stands))
	for form := range stands {
		forms = append(forms, form)
	}
	// The replacer tries the forms in order at each position: the longest
	// first, so a token that is a prefix of another leaves no tail behind.
	sort.Slice(forms, func(i, j int) bool {
		return len(forms[i]) > len(forms[j]) ||
			len(forms[i]) == len(forms[j]) && forms[i] < forms[j]
	})
	pairs := make([]string, 0, 2*len(forms))
	for _, form := range forms {
		pairs = append(pairs, form, stands[form])
	}
	return &redactor{replacer: strings.NewReplacer(pairs...)}
}

// tokenForms returns the forms a token takes in text: itself, as JSON
// writes it inside a string (escaped, and with "\/" for '/' as some other
// encoders write it), and in base64 (a []byte holding it, encoded as JSON).
func tokenForms(token string) []string {
	escaped := jsonText(token)
	return []string{token, escaped, strings.ReplaceAll(escaped, "/", `\/`),
		base64.StdEncoding.EncodeToString([]byte(token))}
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

// extra returns a copy of extra as plain JSON values (decoded from their
// encoding, so every escape is undone) with tokens redacted in keys and
// string values at any depth. A value JSON cannot encode is replaced by a
// note saying so rather than failing the notice.
func (r *redactor) extra(extra map[string]any) map[string]any {
	if len(extra) == 0 {
		return nil
	}
	out := make(map[string]any, len(extra))
	for k, v := range extra {
		out[r.String(k)] = r.value(plainJSON(v))
	}
	return out
}

// value redacts the strings of a decoded JSON value, keys included.
func (r *redactor) value(v any) any {
	switch x := v.(type) {
	case string:
		return r.String(x)
	case []any:
		for i := range x {
			x[i] = r.value(x[i])
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[r.String(k)] = r.value(e)
		}
		return out
	}
	return v // json.Number, bool or nil
}

// plainJSON returns v encoded and decoded again as strings, json.Numbers,
// bools, nils, slices and maps, or [notEncodable].
func plainJSON(v any) any {
	data, err := marshal(v)
	if err != nil {
		return notEncodable
	}
	var plain any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&plain); err != nil {
		return notEncodable
	}
	return plain
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
