package sfnctx_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/sfnctx"
)

// awsContext is a context object as Step Functions passes it, with a field
// that did not exist when this package was written.
const awsContext = `{
  "Execution": {
    "Id": "arn:aws:states:eu-west-1:123456789012:execution:loan-valuation:run-42",
    "Input": {"reference": "VAL-1"},
    "Name": "run-42",
    "RoleArn": "arn:aws:iam::123456789012:role/sfn",
    "StartTime": "2026-05-04T10:00:00.123Z",
    "RedriveCount": 1,
    "RedriveTime": "2026-05-04T11:00:00Z",
    "NewFieldFromTheFuture": {"x": 1}
  },
  "State": {"EnteredTime": "2026-05-04T10:00:01Z", "Name": "WaitForValuation", "RetryCount": 2},
  "StateMachine": {"Id": "arn:aws:states:eu-west-1:123456789012:stateMachine:loan-valuation",
    "Name": "loan-valuation"},
  "Task": {"Token": "AQCEAAAAKgAAAAMAAAAAAAAAAb3Yq"}
}`

func TestDecodeWholeObject(t *testing.T) {
	c, err := sfnctx.Decode([]byte(awsContext))
	require.NoError(t, err)

	assert.Equal(t, "arn:aws:states:eu-west-1:123456789012:execution:loan-valuation:run-42",
		c.Execution.ID)
	assert.Equal(t, "run-42", c.Execution.Name)
	assert.JSONEq(t, `{"reference":"VAL-1"}`, string(c.Execution.Input))
	assert.Equal(t, time.Date(2026, 5, 4, 10, 0, 0, 123e6, time.UTC), c.Execution.StartTime.UTC())
	assert.Equal(t, 1, c.Execution.RedriveCount)
	assert.Equal(t, time.Date(2026, 5, 4, 11, 0, 0, 0, time.UTC), c.Execution.RedriveTime.UTC())
	assert.Equal(t, "WaitForValuation", c.State.Name)
	assert.Equal(t, 2, c.State.RetryCount)
	assert.Equal(t, time.Date(2026, 5, 4, 10, 0, 1, 0, time.UTC), c.State.EnteredTime.UTC())
	assert.Equal(t, "loan-valuation", c.StateMachine.Name)
	assert.Equal(t, "AQCEAAAAKgAAAAMAAAAAAAAAAb3Yq", c.Task.Token)
}

func TestDecodeTolerance(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		token string
		state string
	}{
		{"token only, as kumo sends", `{"Task":{"Token":"tok"}}`, "tok", ""},
		{"empty and null times", `{"Execution":{"StartTime":"","RedriveTime":null},` +
			`"State":{"Name":"S","EnteredTime":null}}`, "", "S"},
		{"null sections", `{"Execution":null,"State":null,"Task":{"Token":"t"}}`, "t", ""},
		{"string holding the object (States.JsonToString)",
			`"{\"Task\":{\"Token\":\"tok\"},\"State\":{\"Name\":\"W\"}}"`, "tok", "W"},
		{"leading whitespace", "  \n{\"Task\":{\"Token\":\"tok\"}}", "tok", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := sfnctx.Decode([]byte(tt.data))
			require.NoError(t, err)
			assert.Equal(t, tt.token, c.Task.Token)
			assert.Equal(t, tt.state, c.State.Name)
			assert.True(t, c.Execution.StartTime.IsZero())
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		kind  error
		field string
	}{
		{"empty", ``, sfnctx.ErrNotObject, ""},
		{"null", `null`, sfnctx.ErrNotObject, ""},
		{"array", `[{"Task":{}}]`, sfnctx.ErrNotObject, ""},
		{"number", `42`, sfnctx.ErrNotObject, ""},
		{"broken json", `{"Task":`, sfnctx.ErrNotObject, ""},
		{"string of a string", `"\"{}\""`, sfnctx.ErrNotObject, ""},
		{"task section passed instead of $$", `{"Token":"tok"}`, sfnctx.ErrNotContext, ""},
		{"empty object", `{}`, sfnctx.ErrNotContext, ""},
		{"retry count as text", `{"State":{"RetryCount":"2"}}`, sfnctx.ErrInvalidField,
			"State.RetryCount"},
		{"bad start time", `{"Execution":{"StartTime":"yesterday"}}`, sfnctx.ErrInvalidField,
			"Execution.StartTime"},
		{"time as a number", `{"State":{"EnteredTime":12}}`, sfnctx.ErrInvalidField,
			"State.EnteredTime"},
		{"token as a number", `{"Task":{"Token":7}}`, sfnctx.ErrInvalidField, "Task.Token"},
		{"section as a string", `{"Execution":"x"}`, sfnctx.ErrInvalidField, "Execution"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := sfnctx.Decode([]byte(tt.data))
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, tt.kind)
			var e *sfnctx.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, "decode", e.Op)
			assert.Regexp(t, `^sfnctx: decode: `, err.Error())
		})
	}
}

func TestFromEvent(t *testing.T) {
	jsonPath := `{"input":{"reference":"VAL-1"},"ctx":` + awsContext + `}`
	jsonata := `{"input":{"reference":"VAL-1"},` +
		`"ctx":{"Task":{"Token":"AQCEAAAAKgAAAAMAAAAAAAAAAb3Yq"},` +
		`"State":{"Name":"WaitForValuation","RetryCount":2}}}`
	for name, event := range map[string]string{"jsonpath": jsonPath, "jsonata": jsonata} {
		t.Run(name, func(t *testing.T) {
			c, err := sfnctx.FromEvent(json.RawMessage(event), "ctx")
			require.NoError(t, err)
			assert.Equal(t, "AQCEAAAAKgAAAAMAAAAAAAAAAb3Yq", c.Task.Token)
			assert.Equal(t, "WaitForValuation", c.State.Name)
			assert.Equal(t, 2, c.State.RetryCount)
		})
	}
}

func TestFromEventErrors(t *testing.T) {
	tests := []struct {
		name  string
		event string
		kind  error
		field string
	}{
		{"event not an object", `"ctx"`, sfnctx.ErrNotObject, ""},
		{"event null", `null`, sfnctx.ErrNotObject, ""},
		{"field missing", `{"context":{}}`, sfnctx.ErrMissingField, "ctx"},
		{"field null", `{"ctx":null}`, sfnctx.ErrMissingField, "ctx"},
		{"field not an object", `{"ctx":[1]}`, sfnctx.ErrNotObject, "ctx"},
		{"field not a context", `{"ctx":{"Token":"t"}}`, sfnctx.ErrNotContext, "ctx"},
		{"bad field inside", `{"ctx":{"State":{"RetryCount":true}}}`, sfnctx.ErrInvalidField,
			"ctx.State.RetryCount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sfnctx.FromEvent(json.RawMessage(tt.event), "ctx")
			require.ErrorIs(t, err, tt.kind)
			var e *sfnctx.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, "decode event", e.Op)
		})
	}
}

func TestErrorsNeverCarryTheToken(t *testing.T) {
	const token = "AQCEAAAAKgAAAAMAAAAAAAAAAb3Yq-secret"
	bad := []string{
		`{"Task":{"Token":"` + token + `"},"State":{"RetryCount":"` + token + `"}}`,
		`{"Task":{"Token":"` + token + `"},"Execution":{"StartTime":"` + token + `"}}`,
	}
	for _, data := range bad {
		_, err := sfnctx.Decode([]byte(data))
		require.Error(t, err)
		for e := err; e != nil; e = errors.Unwrap(e) {
			assert.NotContains(t, e.Error(), token)
		}
		assert.NotContains(t, err.Error(), token)
	}
}

func TestContextRoundTrip(t *testing.T) {
	c := &sfnctx.Context{Task: sfnctx.Task{Token: "tok"}}
	ctx := sfnctx.NewContext(t.Context(), c)
	got, ok := sfnctx.FromContext(ctx)
	require.True(t, ok)
	assert.Same(t, c, got)

	_, ok = sfnctx.FromContext(t.Context())
	assert.False(t, ok)
	_, ok = sfnctx.FromContext(sfnctx.NewContext(t.Context(), nil))
	assert.False(t, ok)
}

// Counts are JSON numbers: 2, 2.0 and 2e0 are the same number, so all
// decode; a fraction, an overflow or a string does not.
func TestDecodeCounts(t *testing.T) {
	tests := []struct {
		raw  string
		want int
	}{
		{"2", 2}, {"2.0", 2}, {"2e0", 2}, {"0.2e1", 2}, {"-0.0", 0}, {"null", 0},
		{"9007199254740992", 9007199254740992},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			c, err := sfnctx.Decode([]byte(`{"State":{"RetryCount":` + tt.raw +
				`},"Execution":{"RedriveCount":` + tt.raw + `}}`))
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.State.RetryCount)
			assert.Equal(t, tt.want, c.Execution.RedriveCount)
		})
	}
}

func TestDecodeCountErrors(t *testing.T) {
	huge := strings.Repeat("9", 100000)
	for _, raw := range []string{"2.5", "1e400", huge, huge + ".0", `"2"`, "true", "{}",
		"[1]"} {
		name := raw
		if len(name) > 20 {
			name = name[:20] + "..."
		}
		t.Run(name, func(t *testing.T) {
			_, err := sfnctx.Decode([]byte(`{"State":{"RetryCount":` + raw + `}}`))
			require.ErrorIs(t, err, sfnctx.ErrInvalidField)
			var e *sfnctx.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, "State.RetryCount", e.Field)
			assert.Less(t, len(err.Error()), 200, "the number is not quoted")

			_, err = sfnctx.Decode([]byte(`{"Execution":{"RedriveCount":` + raw + `}}`))
			require.ErrorIs(t, err, sfnctx.ErrInvalidField)
			require.ErrorAs(t, err, &e)
			assert.Equal(t, "Execution.RedriveCount", e.Field)
		})
	}
}

// A nil context.Context is bad input, not a reason to panic.
func TestNilContext(t *testing.T) {
	var nilCtx context.Context
	require.NotPanics(t, func() {
		c, ok := sfnctx.FromContext(nilCtx)
		assert.Nil(t, c)
		assert.False(t, ok)

		l, ok := sfnctx.LambdaFromContext(nilCtx)
		assert.False(t, ok)
		assert.True(t, l.Deadline.IsZero())

		want := &sfnctx.Context{Task: sfnctx.Task{Token: "tok"}}
		got, ok := sfnctx.FromContext(sfnctx.NewContext(nilCtx, want))
		assert.True(t, ok)
		assert.Same(t, want, got)
	})
}

// field names a top-level key as is; a dotted path is not followed, and a
// key that contains a dot is found.
func TestFromEventFieldIsAKey(t *testing.T) {
	nested := json.RawMessage(`{"detail":{"ctx":{"Task":{"Token":"t"}}}}`)
	_, err := sfnctx.FromEvent(nested, "detail.ctx")
	require.ErrorIs(t, err, sfnctx.ErrMissingField)

	dotted := json.RawMessage(`{"detail.ctx":{"Task":{"Token":"t"}}}`)
	c, err := sfnctx.FromEvent(dotted, "detail.ctx")
	require.NoError(t, err)
	assert.Equal(t, "t", c.Task.Token)
}
