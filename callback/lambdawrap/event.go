package lambdawrap

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/sfnctx"
)

// taskEvent is what a worker reads from an invocation event.
type taskEvent struct {
	token string
	// context is the decoded context object; it holds at least the token.
	context *sfnctx.Context
	// payload is the JSON the handler's input is decoded from.
	payload json.RawMessage
	// problem, when set, says why the event cannot feed the handler even
	// though its token is fine; the worker fails the task with it.
	problem error
}

// readEvent reads the token, the context object and the payload of event.
// It returns an [*Error] when no usable token can be found; problems with
// the rest of the event are kept in problem so the task can be failed.
func readEvent(event json.RawMessage, o TaskOptions) (*taskEvent, error) {
	var fields map[string]json.RawMessage
	if err := unmarshalObject(event, &fields); err != nil {
		return nil, &Error{Kind: ErrInvalidEvent, Detail: "want a JSON object", Err: err}
	}
	ev := &taskEvent{}
	ctxObj, ctxErr := readContext(fields, o.ContextField)
	token, err := readToken(fields, o.TokenField, ctxObj)
	if err != nil {
		return nil, err
	}
	ev.token = token
	if ctxObj == nil {
		ctxObj = &sfnctx.Context{}
	}
	ctxObj.Task.Token = token
	ev.context = ctxObj
	ev.payload, ev.problem = readPayload(fields, o)
	if ctxErr != nil && ev.problem == nil {
		ev.problem = ctxErr
	}
	return ev, nil
}

// readContext decodes the context object in field, if the state passed
// one. An absent field is not an error: the context object is optional.
func readContext(fields map[string]json.RawMessage, field string) (*sfnctx.Context, error) {
	raw, ok := fields[field]
	if !ok || isNull(raw) {
		return nil, nil
	}
	c, err := sfnctx.Decode(raw)
	if err != nil {
		return nil, &Error{Kind: ErrInvalidEvent, Field: field,
			Detail: "context object does not decode", Err: err}
	}
	return c, nil
}

// readToken returns the task token in field, or the one in the context
// object when the field is absent, null or "". A field and a context
// object holding different tokens are refused: the state definition
// passes two tokens and neither can be trusted.
func readToken(fields map[string]json.RawMessage, field string,
	ctxObj *sfnctx.Context) (string, error) {
	var fromContext string
	if ctxObj != nil {
		fromContext = ctxObj.Task.Token
	}
	raw, ok := fields[field]
	if !ok || isNull(raw) {
		if fromContext != "" {
			return checkedToken(fromContext, field)
		}
		return "", missingToken(fields, field)
	}
	var token string
	if err := json.Unmarshal(raw, &token); err != nil {
		return "", &Error{Kind: ErrInvalidEvent, Field: field, Detail: "want a string"}
	}
	switch {
	case token == "" && fromContext != "":
		return checkedToken(fromContext, field)
	case token != "" && fromContext != "" && token != fromContext:
		return "", &Error{Kind: ErrInvalidEvent, Field: field,
			Detail: "the token " + sfnctx.TokenFingerprint(token) +
				" differs from the context object's Task.Token " +
				sfnctx.TokenFingerprint(fromContext) +
				": the state passes two tokens; pass $$.Task.Token in both or only one"}
	}
	return checkedToken(token, field)
}

// missingToken is the error for an event without a token, with a hint
// when the event has a field whose name nearly matches.
func missingToken(fields map[string]json.RawMessage, field string) error {
	detail := "the event has no such field: pass \"" + field +
		".$\": \"$$.Task.Token\" in the state's Payload"
	if near := nearMiss(fields, field); near != "" {
		detail = "the event has no such field, but has " + quoteField(near) +
			": field names are exact (set TaskOptions.TokenField, or rename it in " +
			"the state's Payload)"
	}
	return &Error{Kind: ErrMissingToken, Field: field, Detail: detail}
}

// nearMiss returns the event field whose name differs from field only in
// case or in the characters _ - . $ (as "TaskToken", "task_token" or an
// unresolved "taskToken.$"), or "" when there is none.
func nearMiss(fields map[string]json.RawMessage, field string) string {
	want := looseName(field)
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	slices.Sort(names) // the same hint on every run
	for _, name := range names {
		if name != field && looseName(name) == want {
			return name
		}
	}
	return ""
}

// looseName is name in lower case without _ - . and $.
func looseName(name string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "", "$", "").Replace(name))
}

// checkedToken refuses a token that cannot be one, before the handler
// runs, with the callback client's own checks ([callback.CheckToken]): it
// would refuse the token later anyway, after the work.
func checkedToken(token, field string) (string, error) {
	if token == "" {
		return "", &Error{Kind: ErrMissingToken, Field: field,
			Detail: "the token is empty and the context object holds none"}
	}
	var refused *callback.Error
	if errors.As(callback.CheckToken(token), &refused) {
		return "", &Error{Kind: callback.ErrInvalidToken, Field: field,
			TokenFingerprint: refused.TokenFingerprint, Detail: refused.Detail}
	}
	return token, nil
}

// readPayload returns the JSON the handler's input is decoded from: the
// PayloadField when set, otherwise the event without its token and
// context object fields, so the token never reaches the handler's input.
func readPayload(fields map[string]json.RawMessage, o TaskOptions) (json.RawMessage, error) {
	if o.PayloadField != "" {
		raw, ok := fields[o.PayloadField]
		if !ok {
			return nil, &Error{Kind: ErrInvalidEvent, Field: o.PayloadField,
				Detail: "the event has no such field"}
		}
		return raw, nil
	}
	rest := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		if k != o.TokenField && k != o.ContextField {
			rest[k] = v
		}
	}
	return json.Marshal(rest)
}

// unmarshalObject decodes data into an object, refusing anything else
// (null included, which json.Unmarshal would accept silently).
func unmarshalObject(data []byte, v *map[string]json.RawMessage) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return errors.New("not an object")
	}
	return json.Unmarshal(trimmed, v)
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }
