package valuation_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

func TestNewReference(t *testing.T) {
	a, err := valuation.NewReference("APP-7")
	require.NoError(t, err)
	b, err := valuation.NewReference("APP-7")
	require.NoError(t, err)

	assert.NotEqual(t, a, b, "references are unique")
	assert.Regexp(t, `^APP-7-V[0-9a-f]{12}$`, a)
	app, ok := valuation.ApplicationOf(a)
	assert.True(t, ok)
	assert.Equal(t, "APP-7", app)

	_, err = valuation.NewReference(" ")
	require.Error(t, err)
}

func TestApplicationOf(t *testing.T) {
	tests := []struct {
		reference, want string
		ok              bool
	}{
		{"APP-1-V0123456789ab", "APP-1", true},
		{"APP-1-V0123456789ab-unknown", "APP-1", true},
		{"no-marker", "", false},
		{"-Vabc", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.reference, func(t *testing.T) {
			got, ok := valuation.ApplicationOf(tt.reference)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}
