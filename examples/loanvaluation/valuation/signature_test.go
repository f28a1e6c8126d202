package valuation_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

func TestVerify(t *testing.T) {
	secret := []byte("shared-secret")
	body := []byte(`{"reference":"APP-1-V1","outcome":"valued"}`)
	good := valuation.Sign(secret, body)

	tests := []struct {
		name      string
		secret    []byte
		body      []byte
		signature string
		want      bool
	}{
		{"signed by the service", secret, body, good, true},
		{"body changed", secret, []byte(`{"reference":"APP-2-V1","outcome":"valued"}`), good, false},
		{"other secret", []byte("guess"), body, good, false},
		{"empty secret", nil, body, valuation.Sign(nil, body), false},
		{"no signature", secret, body, "", false},
		{"no prefix", secret, body, good[len("sha256="):], false},
		{"not hex", secret, body, "sha256=zz", false},
		{"truncated", secret, body, good[:len(good)-2], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, valuation.Verify(tt.secret, tt.body, tt.signature))
		})
	}
}

func ExampleSign() {
	secret := []byte("shared-secret")
	body := []byte(`{"reference":"APP-1042-V7","outcome":"valued"}`)

	signature := valuation.Sign(secret, body)
	fmt.Println(signature[:7], len(signature))
	fmt.Println(valuation.Verify(secret, body, signature))
	fmt.Println(valuation.Verify(secret, []byte(`{"reference":"APP-1042-V8"}`), signature))
	// Output:
	// sha256= 71
	// true
	// false
}

func ExampleNewReference() {
	reference, err := valuation.NewReference("APP-1042")
	if err != nil {
		panic(err)
	}
	app, _ := valuation.ApplicationOf(reference)
	fmt.Println(app, len(reference))
	// Output: APP-1042 22
}
