package sfnctx_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/sfnctx"
)

func TestDeadline(t *testing.T) {
	entered := time.Date(2026, 5, 4, 10, 0, 1, 0, time.UTC)
	withEntry := &sfnctx.Context{State: sfnctx.State{EnteredTime: entered}}
	tests := []struct {
		name    string
		context *sfnctx.Context
		timeout time.Duration
		want    time.Time
	}{
		{"entered plus timeout", withEntry, time.Hour, entered.Add(time.Hour)},
		{"seconds", withEntry, 30 * time.Second, entered.Add(30 * time.Second)},
		{"no timeout", withEntry, 0, time.Time{}},
		{"negative timeout", withEntry, -time.Second, time.Time{}},
		{"entry unknown (kumo)", &sfnctx.Context{Task: sfnctx.Task{Token: "t"}}, time.Hour,
			time.Time{}},
		{"nil context", nil, time.Hour, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.context.Deadline(tt.timeout))
		})
	}
}

// An EnteredTime written with an offset gives the same instant.
func TestDeadlineFromDecodedObject(t *testing.T) {
	c, err := sfnctx.Decode([]byte(`{"State": {"EnteredTime": "2026-05-04T12:00:01+02:00"}}`))
	require.NoError(t, err)
	got := c.Deadline(90 * time.Second)
	assert.True(t, got.Equal(time.Date(2026, 5, 4, 10, 1, 31, 0, time.UTC)), got.String())
}
