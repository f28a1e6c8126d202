package tokenstore

import "time"

// DefaultRetention is how long a record is kept after its deadline (or after
// it was saved, when the deadline is unknown) and after it was completed,
// unless a store's options say otherwise.
const DefaultRetention = 30 * 24 * time.Hour

// ExpiryAfter returns when a record saved at now with the given deadline
// (zero when unknown) stops counting: retention after the later of the two,
// rounded up to the whole second as DynamoDB TTL keeps it. A completed
// record's expiry is ExpiryAfter(completedAt, time.Time{}, retention).
func ExpiryAfter(now, deadline time.Time, retention time.Duration) time.Time {
	from := now
	if deadline.After(from) {
		from = deadline
	}
	expiry := from.Add(retention)
	whole := time.Unix(expiry.Unix(), 0).UTC()
	if whole.Before(expiry) {
		whole = whole.Add(time.Second)
	}
	return whole
}

// Millis cuts t to the millisecond in UTC: stores keep times to the
// millisecond, so every implementation compares the same values.
func Millis(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.UnixMilli(t.UnixMilli()).UTC()
}
