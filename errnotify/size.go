package errnotify

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// cutSlack is room left for the marker and the "truncated" list that a cut
// adds to the body, so one cut is usually enough.
const cutSlack = 128

// maxCuts bounds the fields cut one by one, since each cut encodes the
// envelope again. Extra that would take more cuts is dropped whole.
const maxCuts = 16

// field is one part of the envelope that may be cut to fit the size limit.
type field struct {
	name string
	size int                 // bytes it takes in the body
	cut  func(over int) bool // shrinks it by at least over bytes if it can
}

// fit encodes env in at most budget bytes, cutting the largest fields first
// on a UTF-8 boundary and ending each cut field with a visible marker. When
// cutting Extra value by value cannot work (thousands of small values, huge
// keys), Extra is dropped whole. It returns ErrTooLarge when even that does
// not fit.
func fit(env *Envelope, budget int) ([]byte, error) {
	last, cuts := -1, 0
	for {
		body, err := encodeBody(env)
		if err != nil {
			return nil, err
		}
		over := len(body) - budget
		if over <= 0 {
			return body, nil
		}
		progress := last < 0 || len(body) < last
		last = len(body)
		switch {
		case progress && cutLargest(env, over, maxCuts-cuts):
			cuts++
		case dropExtra(env):
			cuts = 0
		default:
			return nil, &Error{Kind: ErrTooLarge, NoticeKind: env.Kind,
				Reference: env.Reference, Cause: errTooLarge(len(body), budget)}
		}
	}
}

// encodeBody encodes env as the message body. It escapes U+FFFE and U+FFFF,
// which encoding/json writes as is but SQS replaces with U+FFFD. Outside
// strings JSON text is ASCII, so the escapes land inside strings, where they
// mean the same characters.
func encodeBody(env *Envelope) ([]byte, error) {
	body, err := marshal(env)
	if err != nil || !bytes.Contains(body, []byte("\xef\xbf")) {
		return body, err
	}
	escape := strings.NewReplacer("\uFFFE", `\ufffe`, "\uFFFF", `\uffff`)
	return []byte(escape.Replace(string(body))), nil
}

// cutLargest cuts the largest cuttable field by over bytes and more, unless
// that field is too small to gain anything, cutting it and the ones after it
// in the cuts left cannot make up over bytes, or the cut would empty a text
// while dropping an uncuttable Extra could spare it.
func cutLargest(env *Envelope, over, cutsLeft int) bool {
	f, ok := largest(env)
	if !ok || f.size <= len(marker(f.size))+2 || f.size*cutsLeft < over {
		return false
	}
	if over >= f.size && !strings.HasPrefix(f.name, "extra.") && extraUncuttable(env) {
		return false // drop Extra before emptying a text
	}
	if !f.cut(over + cutSlack) {
		return false
	}
	env.markTruncated(f.name)
	return true
}

// extraUncuttable reports whether Extra is mostly made of what cutting its
// values one by one cannot shrink: many small values, or large keys.
func extraUncuttable(env *Envelope) bool {
	if len(env.Extra) == 0 {
		return false
	}
	largestValue := 0
	for _, v := range env.Extra {
		largestValue = max(largestValue, jsonSize(v))
	}
	return largestValue*maxCuts < jsonSize(env.Extra)
}

// dropExtra empties Extra, replacing its entries in truncated by "extra".
// It reports false when there is no Extra to drop.
func dropExtra(env *Envelope) bool {
	if len(env.Extra) == 0 {
		return false
	}
	env.Extra = nil
	kept := env.Truncated[:0]
	for _, name := range env.Truncated {
		if !strings.HasPrefix(name, "extra.") {
			kept = append(kept, name)
		}
	}
	env.Truncated = append(kept, "extra")
	return true
}

// largest returns the cuttable field that takes most room in the body.
func largest(env *Envelope) (field, bool) {
	fields := env.cuttable()
	if len(fields) == 0 {
		return field{}, false
	}
	sort.SliceStable(fields, func(i, j int) bool { return fields[i].size > fields[j].size })
	return fields[0], fields[0].size > 0
}

// cuttable lists the fields of env that may be cut: the free texts (kind,
// description, error, reference) and each Extra value. Identifiers (ARNs,
// names, ids) are never cut.
func (env *Envelope) cuttable() []field {
	fields := []field{
		textField("kind", &env.Kind),
		textField("description", &env.Description),
		textField("error", &env.Error),
		textField("reference", &env.Reference),
	}
	for k := range env.Extra {
		fields = append(fields, extraField(env.Extra, k))
	}
	return fields
}

// textField is a cuttable string field.
func textField(name string, s *string) field {
	return field{name: name, size: jsonSize(*s), cut: func(over int) bool {
		if *s == "" {
			return false
		}
		*s = cutText(*s, over)
		return true
	}}
}

// extraField is one cuttable Extra value: a string is cut like a text field,
// anything else is replaced by a marker once it is the largest.
func extraField(extra map[string]any, key string) field {
	name := "extra." + key
	v := extra[key]
	if s, ok := v.(string); ok {
		f := textField(name, &s)
		cut := f.cut
		f.cut = func(over int) bool {
			if !cut(over) {
				return false
			}
			extra[key] = s
			return true
		}
		return f
	}
	size := jsonSize(v)
	return field{name: name, size: size, cut: func(int) bool {
		extra[key] = marker(size)
		return true
	}}
}

// cutText removes at least n bytes from the end of s, on a UTF-8 boundary,
// and appends a marker saying how much went.
func cutText(s string, n int) string {
	keep := max(len(s)-n, 0)
	for keep > 0 && !utf8.RuneStart(s[keep]) {
		keep--
	}
	return s[:keep] + marker(len(s)-keep)
}

// marker is the visible note left where bytes were cut.
func marker(n int) string {
	return " ...[cut by errnotify: " + strconv.Itoa(n) + " bytes]"
}

// markTruncated records that name was cut, once.
func (env *Envelope) markTruncated(name string) {
	for _, t := range env.Truncated {
		if t == name {
			return
		}
	}
	env.Truncated = append(env.Truncated, name)
}

func jsonSize(v any) int {
	data, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(data)
}

type sizeError struct{ size, budget int }

func (e sizeError) Error() string {
	return "body of " + strconv.Itoa(e.size) + " bytes over budget of " +
		strconv.Itoa(e.budget)
}

func errTooLarge(size, budget int) error { return sizeError{size, budget} }
