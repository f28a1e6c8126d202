package tokenstore_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// TestExpiryAfterKeepsRetention checks the expiry is a whole second no
// earlier than the retention after the later of the save and the deadline:
// rounding down to the second made a record saved with a retention under a
// second expire before it could be claimed.
func TestExpiryAfterKeepsRetention(t *testing.T) {
	now := time.Date(2026, 3, 4, 9, 30, 0, 200_000_000, time.UTC)
	for _, deadline := range []time.Time{{}, now.Add(-time.Hour), now.Add(90 * time.Minute)} {
		from := now
		if deadline.After(now) {
			from = deadline
		}
		for _, retention := range []time.Duration{
			time.Millisecond, 500 * time.Millisecond, time.Second, 30 * 24 * time.Hour,
		} {
			got := tokenstore.ExpiryAfter(now, deadline, retention)
			assert.False(t, got.Before(from.Add(retention)),
				"%v after %v: %v", retention, from, got)
			assert.True(t, got.Before(from.Add(retention+time.Second)), "%v: %v", retention, got)
			assert.Zero(t, got.Nanosecond(), "not a whole second")
		}
	}
	exact := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	assert.Equal(t, exact.Add(time.Hour), tokenstore.ExpiryAfter(exact, time.Time{}, time.Hour))
}

// TestShortRetentionClaimable saves and claims at once under a retention
// shorter than a second.
func TestShortRetentionClaimable(t *testing.T) {
	now := time.Date(2026, 3, 4, 9, 30, 0, 200_000_000, time.UTC)
	store := memstore.New(func(o *memstore.Options) {
		o.Clock = func() time.Time { return now }
		o.Retention = 500 * time.Millisecond
	})
	_, err := store.Save(t.Context(), tokenstore.Record{Reference: "VAL-1", Token: "AQB4..."})
	require.NoError(t, err)
	_, err = store.Claim(t.Context(), "VAL-1", time.Minute)
	assert.NoError(t, err)
}
