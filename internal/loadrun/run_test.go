package loadrun_test

import (
	"context"
	"strings"
	"testing"

	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/loadrun"
)

// TestRunExactlyOnce redeems 10 references, each delivered 3 times at once,
// on the engine, and checks exactly-once from the per-reference results and
// the counted Step Functions calls. Timing is reported, never asserted.
func TestRunExactlyOnce(t *testing.T) {
	cfg := enginetest.Config(t)
	const executions, deliveries = 10, 3
	var log strings.Builder
	rep, err := loadrun.Run(context.Background(), cfg, func(o *loadrun.Options) {
		o.Executions, o.Deliveries, o.Concurrency = executions, deliveries, 4
		o.Log = &log
	})
	require.NoError(t, err, log.String())

	require.True(t, rep.Complete)
	require.Len(t, rep.References, executions)
	for _, res := range rep.References {
		assert.Equal(t, 1, res.Succeeded, res.Reference)
		assert.Equal(t, deliveries-1, res.Duplicate+res.InFlight, res.Reference)
		assert.Empty(t, res.Other, res.Reference)
		assert.Equal(t, sfntypes.ExecutionStatusSucceeded, res.Status, res.Reference)
		assert.True(t, res.OutputFromWinner, res.Reference)
	}
	send := rep.RedeemCalls["SFN.SendTaskSuccess"]
	assert.Equal(t, executions, send.Calls, "one send per reference: the store answers repeats")
	assert.Equal(t, executions, send.OK())
	assert.Equal(t, executions, rep.Calls["SFN.StartExecution"].OK())
	assert.Equal(t, executions, rep.Save.Count)
	assert.Equal(t, executions*deliveries, rep.Redeem.Count)
	assert.Empty(t, rep.Violations)

	var text strings.Builder
	require.NoError(t, rep.WriteText(&text))
	assert.Contains(t, text.String(), "exactly-once: OK")
	t.Log("\n" + text.String())
}

func TestRunRefusesOptionsOutOfBounds(t *testing.T) {
	require.NoError(t, loadrun.Options{}.Validate(), "the zero value is valid")
	for _, tc := range []struct {
		name string
		set  func(*loadrun.Options)
		want string
	}{
		{"too many executions",
			func(o *loadrun.Options) { o.Executions = loadrun.MaxExecutions + 1 }, "executions"},
		{"negative deliveries", func(o *loadrun.Options) { o.Deliveries = -1 }, "deliveries"},
		{"negative concurrency", func(o *loadrun.Options) { o.Concurrency = -2 }, "concurrency"},
		{"timeout too long", func(o *loadrun.Options) { o.Timeout = 2 * loadrun.MaxTimeout },
			"timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// No engine is needed: the options are refused before any call.
			cfg := enginetest.ConfigFor("http://127.0.0.1:1")
			rep, err := loadrun.Run(context.Background(), cfg, tc.set)
			require.Error(t, err)
			assert.Nil(t, rep)
			assert.Contains(t, err.Error(), tc.want)

			var o loadrun.Options
			tc.set(&o)
			assert.EqualError(t, o.Validate(), err.Error())
		})
	}
}
