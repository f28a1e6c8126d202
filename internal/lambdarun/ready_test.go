package lambdarun_test

import (
	"context"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

var _ lambdarun.Invoker = (*lambda.Client)(nil)

// engine answers invocations as the engine does: refused until a process
// polls (after refusals calls), then answered with payload.
type engine struct {
	mu       sync.Mutex
	refusals int
	err      error // returned instead of the refusal, if set
	calls    []*lambda.InvokeInput
	retries  []int
}

func (e *engine) Invoke(_ context.Context, in *lambda.InvokeInput,
	optFns ...func(*lambda.Options)) (*lambda.InvokeOutput, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = append(e.calls, in)
	var o lambda.Options
	for _, fn := range optFns {
		fn(&o)
	}
	e.retries = append(e.retries, o.RetryMaxAttempts)
	if e.err != nil {
		return nil, e.err
	}
	if len(e.calls) <= e.refusals {
		return nil, &lambdatypes.ServiceException{
			Message: new("function has no runtime handler")}
	}
	return &lambda.InvokeOutput{StatusCode: 200, Payload: []byte(`"ready"`)}, nil
}

func TestWaitInvokableProbesUntilAProcessPolls(t *testing.T) {
	e := &engine{refusals: 3}

	out, err := lambdarun.WaitInvokable(context.Background(), e, "echo-1")

	require.NoError(t, err)
	assert.Equal(t, `"ready"`, string(out.Payload), "the first answered probe is returned")
	require.Len(t, e.calls, 4)
	for _, in := range e.calls {
		assert.Equal(t, "echo-1", *in.FunctionName)
		assert.JSONEq(t, lambdarun.ProbeEvent, string(in.Payload))
	}
	assert.Equal(t, []int{1, 1, 1, 1}, e.retries, "the SDK does not retry a probe itself")
}

func TestWaitInvokableFailures(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	notFound := &lambdatypes.ResourceNotFoundException{Message: new("no such function")}
	tests := []struct {
		name   string
		ctx    context.Context
		engine *engine
		want   error
		calls  int
	}{
		{"another engine error", context.Background(), &engine{err: notFound}, notFound, 1},
		{"context ended", cancelled, &engine{refusals: 1000}, context.Canceled, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lambdarun.WaitInvokable(tt.ctx, tt.engine, "echo-1")

			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), "lambdarun: wait for echo-1")
			assert.Len(t, tt.engine.calls, tt.calls, "no probe after the failure")
		})
	}
}

func TestWaitInvokableStopsWhenAProcessExited(t *testing.T) {
	p := startScript(t, "crasher", "exit 3")
	<-p.Exited()
	e := &engine{refusals: 1000}

	_, err := lambdarun.WaitInvokable(context.Background(), e, "crasher", p)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "a process exited at start: exit status 3")
	assert.Empty(t, e.calls, "nothing is probed once a process is gone")
}
