package sfnctx_test

import (
	"encoding/json"
	"testing"

	"github.com/tasktoken/tasktoken/sfnctx"
)

func BenchmarkDecode(b *testing.B) {
	data := []byte(awsContext)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := sfnctx.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFromEvent(b *testing.B) {
	event := json.RawMessage(`{"input":{"reference":"VAL-1"},"ctx":` + awsContext + `}`)
	b.SetBytes(int64(len(event)))
	for b.Loop() {
		if _, err := sfnctx.FromEvent(event, "ctx"); err != nil {
			b.Fatal(err)
		}
	}
}
