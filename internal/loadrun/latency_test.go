package loadrun_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tasktoken/tasktoken/internal/loadrun"
)

func TestSummarize(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // 100, 99, ..., 1: unsorted on purpose
	}
	for _, tc := range []struct {
		name string
		in   []time.Duration
		want loadrun.Latency
	}{
		{"none", nil, loadrun.Latency{}},
		{"one", ms(7), loadrun.Latency{Count: 1, P50: 7 * time.Millisecond,
			P90: 7 * time.Millisecond, P99: 7 * time.Millisecond, Max: 7 * time.Millisecond}},
		{"one to a hundred", ms(hundred...), loadrun.Latency{Count: 100,
			P50: 50 * time.Millisecond, P90: 90 * time.Millisecond, P99: 99 * time.Millisecond,
			Max: 100 * time.Millisecond}},
		{"nearest rank rounds up", ms(4, 1, 3, 2), loadrun.Latency{Count: 4,
			P50: 2 * time.Millisecond, P90: 4 * time.Millisecond, P99: 4 * time.Millisecond,
			Max: 4 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := append([]time.Duration(nil), tc.in...)
			assert.Equal(t, tc.want, loadrun.Summarize(tc.in))
			assert.Equal(t, before, tc.in, "the input is left unchanged")
		})
	}
}

func ExampleSummarize() {
	l := loadrun.Summarize([]time.Duration{
		30 * time.Millisecond, 10 * time.Millisecond, 20 * time.Millisecond,
		40 * time.Millisecond, 250 * time.Millisecond,
	})
	fmt.Println(l.Count, l.P50, l.P90, l.P99, l.Max)
	// Output: 5 30ms 250ms 250ms 250ms
}
