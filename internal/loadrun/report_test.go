package loadrun

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
)

// redeemed returns a reference as a run records it: its execution's status
// and output, and one delivery per error given.
func redeemed(status sfntypes.ExecutionStatus, winnerOutput int, errs ...error) *reference {
	ref := &reference{name: "REF-1", executionARN: "arn:exec", status: status}
	out, _ := json.Marshal(Output{Reference: "REF-1", Delivery: winnerOutput})
	ref.output = string(out)
	for _, err := range errs {
		ref.deliveries = append(ref.deliveries, delivery{err: err})
	}
	return ref
}

var (
	dup      = &callback.Error{Kind: callback.ErrDuplicate}
	inFlight = &callback.Error{Kind: callback.ErrInFlight}
	late     = &callback.Error{Kind: callback.ErrLate}
)

func TestJudge(t *testing.T) {
	ok := sfntypes.ExecutionStatusSucceeded
	for _, tc := range []struct {
		name string
		ref  *reference
		sent Calls
		want []string // a piece of each violation, in order
	}{
		{"exactly once", redeemed(ok, 1, inFlight, nil, dup), Calls{Calls: 1, Attempts: 1}, nil},
		{"two winners", redeemed(ok, 1, nil, nil, dup),
			Calls{Calls: 2, Attempts: 2, Errors: map[string]int{"TaskTimedOut": 1}},
			[]string{"2 deliveries returned nil", "1 repeated sends reached Step Functions"}},
		{"no winner", redeemed(sfntypes.ExecutionStatusRunning, 0, dup, dup, inFlight),
			Calls{}, []string{"0 deliveries returned nil", "execution RUNNING",
				"accepted 0 successes"}},
		{"another error", redeemed(ok, 0, nil, late, dup), Calls{Calls: 1, Attempts: 1},
			[]string{"delivery 1: callback: task closed"}},
		{"output of another delivery", redeemed(ok, 2, nil, dup, dup),
			Calls{Calls: 1, Attempts: 1}, []string{"not the winning delivery's"}},
		{"never described", redeemed("", 0, nil, dup, dup), Calls{Calls: 1, Attempts: 1},
			[]string{"execution status unknown"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &run{o: Options{Deliveries: 3}, refs: []*reference{tc.ref}}
			rep := &Report{Executions: 1, Deliveries: 3, Complete: true,
				RedeemCalls: map[string]Calls{"SFN.SendTaskSuccess": tc.sent}}
			r.judge(rep)
			require.Len(t, rep.Violations, len(tc.want), strings.Join(rep.Violations, "\n"))
			for i, piece := range tc.want {
				assert.Contains(t, rep.Violations[i], piece)
			}
			var text strings.Builder
			require.NoError(t, rep.WriteText(&text))
			if tc.want == nil {
				assert.Contains(t, text.String(), "exactly-once: OK")
			} else {
				assert.Contains(t, text.String(), "exactly-once: VIOLATED")
			}
		})
	}
}

func TestResultCountsAnswers(t *testing.T) {
	wrapped := errors.Join(errors.New("context"), dup)
	res := redeemed(sfntypes.ExecutionStatusSucceeded, 2, inFlight, wrapped, nil, inFlight).result()
	assert.Equal(t, ReferenceResult{Reference: "REF-1", ExecutionARN: "arn:exec",
		Succeeded: 1, Duplicate: 1, InFlight: 2, Winner: 2,
		Status: sfntypes.ExecutionStatusSucceeded, OutputFromWinner: true}, res)
}

// TestDefinitionSendsNoHeartbeat keeps the waiting state free of
// HeartbeatSeconds and the message carrying the token and the reference.
func TestDefinitionSendsNoHeartbeat(t *testing.T) {
	var def struct {
		States map[string]struct {
			Resource         string
			Parameters       map[string]any
			TimeoutSeconds   int
			HeartbeatSeconds *int
		}
	}
	require.NoError(t, json.Unmarshal([]byte(definition("http://q", 150e9)), &def))
	state := def.States[StateName]
	assert.Equal(t, "arn:aws:states:::sqs:sendMessage.waitForTaskToken", state.Resource)
	assert.Nil(t, state.HeartbeatSeconds)
	assert.Equal(t, 150, state.TimeoutSeconds)
	assert.Equal(t, map[string]any{"token.$": "$$.Task.Token", "reference.$": "$.reference"},
		state.Parameters["MessageBody"])
}

func TestWriteTextOfARunCutShort(t *testing.T) {
	r := &run{o: Options{Deliveries: 2}, refs: []*reference{{name: "REF-1"}}}
	rep := &Report{Executions: 1, Deliveries: 2}
	r.judge(rep)
	var text strings.Builder
	require.NoError(t, rep.WriteText(&text))
	assert.Contains(t, text.String(), "exactly-once: NOT SHOWN, the run stopped early")
	assert.Contains(t, text.String(), "REF-1: 0 deliveries returned nil")
}
