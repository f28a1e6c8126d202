package lambdawrap

import (
	"bytes"
	"encoding/json"
	"errors"

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
// object when the event has no such field.
func readToken(fields map[string]json.RawMessage, field string,
	ctxObj *sfnctx.Context) (string, error) {
	raw, ok := fields[field]
	if !ok || isNull(raw) {
		if ctxObj != nil && ctxObj.Task.Token != "" {
			return checkedToken(ctxObj.Task.Token, field)
		}
		return "", &Error{Kind: ErrMissingToken, Field: field,
			Detail: "the event has no such field: pass \"" + field +
				".$\": \"$$.Task.Token\" in the state's Payload"}
	}
	var token string
	if err := json.Unmarshal(raw, &token); err != nil {
		return "", &Error{Kind: ErrInvalidEvent, Field: field, Detail: "want a string"}
	}
	return checkedToken(token, field)
}

// checkedToken refuses a token that cannot be one, before the handler
// runs, with the callback client's own checks ([callback.CheckToken]): it
// would refuse the token later anyway, after the work.
func checkedToken(token, field string) (string, error) {
	if token == "" {
		return "", &Error{Kind: ErrMissingToken, Field: field, Detail: "the token is empty"}
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
