package loadrun

import (
	"slices"
	"time"
)

// Latency summarises the durations of one kind of call.
type Latency struct {
	// Count is how many durations were measured.
	Count int
	// P50, P90 and P99 are nearest-rank percentiles; Max is the longest.
	P50, P90, P99, Max time.Duration
}

// Summarize returns the percentiles of durations (nearest rank: the
// smallest duration at or above which p percent of them fall). It leaves
// durations unchanged; a zero Latency comes back for none.
func Summarize(durations []time.Duration) Latency {
	if len(durations) == 0 {
		return Latency{}
	}
	sorted := slices.Sorted(slices.Values(durations))
	return Latency{
		Count: len(sorted),
		P50:   rank(sorted, 50),
		P90:   rank(sorted, 90),
		P99:   rank(sorted, 99),
		Max:   sorted[len(sorted)-1],
	}
}

// rank returns the p-th percentile of sorted by the nearest-rank method.
func rank(sorted []time.Duration, p int) time.Duration {
	n := (p*len(sorted) + 99) / 100 // ceil(p/100 × len)
	return sorted[max(n, 1)-1]
}
