package valuation_test

import (
	"strings"
	"testing"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// BenchmarkVerify measures the webhook's signature check on a typical
// callback body.
func BenchmarkVerify(b *testing.B) {
	secret := []byte("shared-secret")
	body := []byte(`{"reference":"APP-1042-V3f9a0c21b7de","outcome":"valued",` +
		`"valuation":{"amount":250000,"surveyor":"` + strings.Repeat("x", 64) + `"}}`)
	signature := valuation.Sign(secret, body)
	b.ReportAllocs()
	for b.Loop() {
		if !valuation.Verify(secret, body, signature) {
			b.Fatal("signature did not verify")
		}
	}
}
