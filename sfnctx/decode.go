package sfnctx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// sections are the top-level keys of a context object. An object with none
// of them is not a context object.
var sections = []string{"Execution", "State", "StateMachine", "Task"}

// Decode decodes a context object. It accepts the object itself and, for
// states that pass States.JsonToString($$), a JSON string holding it.
// Unknown fields are ignored and missing ones stay zero, so any subset of
// the sections decodes (kumo sends only Task.Token). Times are RFC 3339
// strings; an empty or null time stays zero. Counts (RetryCount,
// RedriveCount) are JSON numbers without a fraction, in any notation: 2, 2.0
// and 2e0 alike.
//
// Errors match [ErrNotObject], [ErrNotContext] or [ErrInvalidField].
func Decode(data []byte) (*Context, error) {
	return decode("decode", data, true)
}

// FromEvent decodes the context object that a state passed in field of a
// Lambda event (or any JSON object), for example "ctx" for a Payload built
// with "ctx.$": "$$" (JSONPath) or "ctx": "{% $states.context %}"
// (JSONata). field is a top-level key of event, taken as is: a dotted path
// such as "detail.ctx" is not followed (decode the inner object and call
// [Decode] for that).
//
// Errors match [ErrNotObject] when event is not an object,
// [ErrMissingField] when field is absent or null, and otherwise those of
// [Decode], with Field naming the path inside the event.
func FromEvent(event json.RawMessage, field string) (*Context, error) {
	const op = "decode event"
	var fields map[string]json.RawMessage
	if err := unmarshalObject(event, &fields); err != nil {
		return nil, &Error{Op: op, Kind: ErrNotObject, Cause: err}
	}
	raw, ok := fields[field]
	if !ok || isNull(raw) {
		return nil, &Error{Op: op, Field: field, Kind: ErrMissingField}
	}
	c, err := decode(op, raw, true)
	if e := (*Error)(nil); errors.As(err, &e) {
		e.Field = joinField(field, e.Field)
	}
	return c, err
}

// decode decodes data; a JSON string is unquoted once when unquote is set.
func decode(op string, data []byte, unquote bool) (*Context, error) {
	var text string
	if unquote && json.Unmarshal(data, &text) == nil {
		return decode(op, []byte(text), false)
	}
	var fields map[string]json.RawMessage
	if err := unmarshalObject(data, &fields); err != nil {
		return nil, &Error{Op: op, Kind: ErrNotObject, Cause: err}
	}
	if !hasSection(fields) {
		return nil, &Error{Op: op, Kind: ErrNotContext}
	}
	var c Context
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fieldError(op, err)
	}
	return &c, nil
}

// unmarshalObject decodes data into an object, failing on anything else
// (null included, which json.Unmarshal would accept silently).
func unmarshalObject(data []byte, v *map[string]json.RawMessage) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return errors.New("want a JSON object")
	}
	return json.Unmarshal(trimmed, v)
}

func hasSection(fields map[string]json.RawMessage) bool {
	for _, s := range sections {
		if _, ok := fields[s]; ok {
			return true
		}
	}
	return false
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// fieldError turns a decoding error into an [*Error] naming the field.
func fieldError(op string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.Op = op
		return e
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &Error{Op: op, Field: te.Field, Kind: ErrInvalidField, Cause: typeError(te)}
	}
	return &Error{Op: op, Kind: ErrInvalidField, Cause: err}
}

// typeError describes a JSON type mismatch without quoting the value, which
// could be a task token put in the wrong place.
func typeError(te *json.UnmarshalTypeError) error {
	return fmt.Errorf("want %s, got JSON %s", te.Type, te.Value)
}

func joinField(parent, child string) string {
	if child == "" {
		return parent
	}
	return parent + "." + child
}

// UnmarshalJSON decodes an Execution, reading its times as RFC 3339 strings
// (empty or null stays zero), RedriveCount as a whole number in any JSON
// notation, and ignoring unknown fields.
func (x *Execution) UnmarshalJSON(data []byte) error {
	type plain Execution
	var v struct {
		plain
		StartTime    *string         `json:"StartTime"`
		RedriveTime  *string         `json:"RedriveTime"`
		RedriveCount json.RawMessage `json:"RedriveCount"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return nestedError("Execution", err)
	}
	*x = Execution(v.plain)
	var err error
	if x.StartTime, err = parseTime("Execution.StartTime", v.StartTime); err != nil {
		return err
	}
	if x.RedriveTime, err = parseTime("Execution.RedriveTime", v.RedriveTime); err != nil {
		return err
	}
	x.RedriveCount, err = parseCount("Execution.RedriveCount", v.RedriveCount)
	return err
}

// UnmarshalJSON decodes a State, reading EnteredTime as an RFC 3339 string
// (empty or null stays zero), RetryCount as a whole number in any JSON
// notation, and ignoring unknown fields.
func (s *State) UnmarshalJSON(data []byte) error {
	type plain State
	var v struct {
		plain
		EnteredTime *string         `json:"EnteredTime"`
		RetryCount  json.RawMessage `json:"RetryCount"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return nestedError("State", err)
	}
	*s = State(v.plain)
	var err error
	if s.EnteredTime, err = parseTime("State.EnteredTime", v.EnteredTime); err != nil {
		return err
	}
	s.RetryCount, err = parseCount("State.RetryCount", v.RetryCount)
	return err
}

// parseCount reads a count: a JSON number without a fractional part, in any
// notation (2, 2.0 and 2e0 are the same number); absent or null is zero. The
// error never quotes the number, which could be of any length.
func parseCount(field string, raw json.RawMessage) (int, error) {
	if len(raw) == 0 || isNull(raw) {
		return 0, nil
	}
	fail := func(why string) (int, error) {
		return 0, &Error{Field: field, Kind: ErrInvalidField, Cause: errors.New(why)}
	}
	if raw[0] < '0' && raw[0] != '-' || raw[0] > '9' {
		return fail("want a whole number, got JSON " + jsonKind(raw[0]))
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return fail("want a whole number")
	}
	if i, err := strconv.ParseInt(n.String(), 10, 0); err == nil {
		return int(i), nil
	}
	f, err := strconv.ParseFloat(n.String(), 64)
	if err != nil || f != math.Trunc(f) || f < math.MinInt || f >= math.MaxInt {
		return fail("want a whole number that fits an int")
	}
	return int(f), nil
}

// jsonKind names the JSON type of a value by its first byte.
func jsonKind(b byte) string {
	switch b {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "value"
}

// parseTime parses an RFC 3339 time; nil or "" is the zero time.
func parseTime(field string, s *string) (time.Time, error) {
	if s == nil || *s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		// The parse error quotes the text, which must not reach an error.
		cause := errors.New("not an RFC 3339 time")
		return time.Time{}, &Error{Field: field, Kind: ErrInvalidField, Cause: cause}
	}
	return t, nil
}

// nestedError names the field of a section that failed to decode.
func nestedError(section string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := joinField(section, strings.TrimPrefix(te.Field, "plain."))
		return &Error{Field: field, Kind: ErrInvalidField, Cause: typeError(te)}
	}
	return &Error{Field: section, Kind: ErrInvalidField, Cause: err}
}
