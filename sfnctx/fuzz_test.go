package sfnctx_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/tasktoken/tasktoken/sfnctx"
)

// FuzzDecode checks that any input either decodes or returns an [*Error]
// matching one of the package's sentinels, never panics, and that the same
// bytes behave the same when they arrive as an event field.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(awsContext))
	f.Add([]byte(`{"Task":{"Token":"tok"}}`))
	f.Add([]byte(`"{\"Task\":{\"Token\":\"tok\"}}"`))
	f.Add([]byte(`{"State":{"RetryCount":"2","EnteredTime":12}}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := sfnctx.Decode(data)
		checkDecoded(t, c, err)

		event, merr := json.Marshal(map[string]json.RawMessage{"ctx": data})
		if merr != nil {
			return // data is not valid JSON, so it cannot sit inside an event
		}
		c2, err2 := sfnctx.FromEvent(event, "ctx")
		checkDecoded(t, c2, err2)
	})
}

func checkDecoded(t *testing.T, c *sfnctx.Context, err error) {
	t.Helper()
	if err == nil {
		if c == nil {
			t.Fatal("nil context without an error")
		}
		return
	}
	if c != nil {
		t.Fatalf("context and error together: %v", err)
	}
	var e *sfnctx.Error
	if !errors.As(err, &e) {
		t.Fatalf("error is not an *sfnctx.Error: %T %v", err, err)
	}
	for _, kind := range []error{sfnctx.ErrNotObject, sfnctx.ErrNotContext,
		sfnctx.ErrMissingField, sfnctx.ErrInvalidField} {
		if errors.Is(err, kind) {
			return
		}
	}
	t.Fatalf("error matches no sentinel: %v", err)
}
