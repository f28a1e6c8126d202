package callbacktest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go"
)

// Options configure a [Fake]. The zero value is valid.
type Options struct {
	// Clock returns the current time. Default time.Now. Tests that move
	// time by hand pass a clock they control.
	Clock func() time.Time
}

// Fake is a fake Step Functions task API. It satisfies callback.API and is
// safe for concurrent use.
type Fake struct {
	clock func() time.Time

	mu       sync.Mutex
	tasks    map[string]*task
	calls    []Call
	injected []error
}

// New returns a Fake with no tasks.
func New(optFns ...func(*Options)) *Fake {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return &Fake{clock: o.Clock, tasks: make(map[string]*task)}
}

// TaskOptions describe a simulated waiting task.
type TaskOptions struct {
	// Timeout is the state's TimeoutSeconds as a duration. Default 0: the
	// task waits for ever.
	Timeout time.Duration
	// HeartbeatTimeout is the state's HeartbeatSeconds as a duration.
	// Default 0: no heartbeat needed.
	HeartbeatTimeout time.Duration
	// Token is the token to issue, for tests that need a particular one (a
	// 2,000-byte token, say). Default "": a fresh random token.
	Token string
}

// StartTask simulates a state entering .waitForTaskToken and returns its
// task token.
func (f *Fake) StartTask(optFns ...func(*TaskOptions)) string {
	var o TaskOptions
	for _, fn := range optFns {
		fn(&o)
	}
	token := o.Token
	if token == "" {
		token = newToken()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.clock()
	t := &task{status: StatusWaiting, started: now, lastBeat: now, opts: o}
	f.tasks[token] = t
	return token
}

// Task returns what happened to the task of token so far.
func (f *Fake) Task(token string) (TaskState, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.tasks[token]
	if !ok {
		return TaskState{}, false
	}
	f.expire(t)
	return t.state(), true
}

// InjectErrors makes the next len(errs) calls, of any operation, fail with
// errs in order before they are looked at.
func (f *Fake) InjectErrors(errs ...error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.injected = append(f.injected, errs...)
}

// Calls returns every call (each attempt of a retried call) so far.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// SendTaskSuccess completes a task with output, as Step Functions does.
func (f *Fake) SendTaskSuccess(ctx context.Context, in *sfn.SendTaskSuccessInput,
	optFns ...func(*sfn.Options)) (*sfn.SendTaskSuccessOutput, error) {
	if in == nil {
		in = &sfn.SendTaskSuccessInput{}
	}
	if err := required("SendTaskSuccessInput", map[string]*string{
		"TaskToken": in.TaskToken, "Output": in.Output}); err != nil {
		return nil, err
	}
	call := Call{Op: OpSendTaskSuccess, Token: aws.ToString(in.TaskToken),
		Output: aws.ToString(in.Output)}
	if err := f.withRetries(ctx, call, optFns); err != nil {
		return nil, err
	}
	return &sfn.SendTaskSuccessOutput{}, nil
}

// SendTaskFailure fails a task, as Step Functions does.
func (f *Fake) SendTaskFailure(ctx context.Context, in *sfn.SendTaskFailureInput,
	optFns ...func(*sfn.Options)) (*sfn.SendTaskFailureOutput, error) {
	if in == nil {
		in = &sfn.SendTaskFailureInput{}
	}
	if err := required("SendTaskFailureInput",
		map[string]*string{"TaskToken": in.TaskToken}); err != nil {
		return nil, err
	}
	call := Call{Op: OpSendTaskFailure, Token: aws.ToString(in.TaskToken),
		Error: aws.ToString(in.Error), Cause: aws.ToString(in.Cause)}
	if err := f.withRetries(ctx, call, optFns); err != nil {
		return nil, err
	}
	return &sfn.SendTaskFailureOutput{}, nil
}

// SendTaskHeartbeat records a heartbeat, as Step Functions does.
func (f *Fake) SendTaskHeartbeat(ctx context.Context, in *sfn.SendTaskHeartbeatInput,
	optFns ...func(*sfn.Options)) (*sfn.SendTaskHeartbeatOutput, error) {
	if in == nil {
		in = &sfn.SendTaskHeartbeatInput{}
	}
	if err := required("SendTaskHeartbeatInput",
		map[string]*string{"TaskToken": in.TaskToken}); err != nil {
		return nil, err
	}
	call := Call{Op: OpSendTaskHeartbeat, Token: aws.ToString(in.TaskToken)}
	if err := f.withRetries(ctx, call, optFns); err != nil {
		return nil, err
	}
	return &sfn.SendTaskHeartbeatOutput{}, nil
}

// required refuses an input missing a required parameter, as the SDK's
// validation does before sending: nothing is recorded.
func required(input string, params map[string]*string) error {
	invalid := smithy.InvalidParamsError{Context: input}
	for _, name := range slices.Sorted(maps.Keys(params)) {
		if params[name] == nil {
			invalid.Add(smithy.NewErrParamRequired(name))
		}
	}
	if invalid.Len() > 0 {
		return invalid
	}
	return nil
}

// attempt answers one call: an injected error first, then the task rules.
func (f *Fake) attempt(call Call) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	call.At = f.clock()
	call.Err = f.answer(call)
	f.calls = append(f.calls, call)
	return call.Err
}

// answer decides the outcome of call. The caller holds f.mu.
func (f *Fake) answer(call Call) error {
	if len(f.injected) > 0 {
		err := f.injected[0]
		f.injected = f.injected[1:]
		return err
	}
	if !wellFormed(call.Token) {
		return &types.InvalidToken{Message: aws.String("Invalid Token")}
	}
	t, ok := f.tasks[call.Token]
	if !ok {
		return &types.TaskDoesNotExist{Message: aws.String("Task does not exist")}
	}
	f.expire(t)
	if t.status != StatusWaiting {
		return &types.TaskTimedOut{Message: aws.String("Task Timed Out: '" +
			"Provided task does not exist anymore'")}
	}
	return f.apply(t, call)
}

// apply changes a waiting task by call. The caller holds f.mu.
func (f *Fake) apply(t *task, call Call) error {
	switch call.Op {
	case OpSendTaskSuccess:
		if !json.Valid([]byte(call.Output)) {
			return &types.InvalidOutput{Message: aws.String("Invalid Output")}
		}
		t.close(StatusSucceeded, call)
	case OpSendTaskFailure:
		t.close(StatusFailed, call)
	default:
		t.lastBeat = call.At
		t.heartbeats++
	}
	return nil
}

// expire times out t when its deadline or heartbeat timeout has passed.
// The caller holds f.mu.
func (f *Fake) expire(t *task) {
	if t.status != StatusWaiting {
		return
	}
	now := f.clock()
	o := t.opts
	if (o.Timeout > 0 && !now.Before(t.started.Add(o.Timeout))) ||
		(o.HeartbeatTimeout > 0 && !now.Before(t.lastBeat.Add(o.HeartbeatTimeout))) {
		t.status, t.closedAt = StatusTimedOut, now
	}
}

// newToken returns a fresh token shaped like a Step Functions one.
func newToken() string {
	b := make([]byte, 180)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return "AQB" + base64.StdEncoding.EncodeToString(b)
}

// wellFormed reports whether token looks like a token Step Functions
// issues: 1 to 2,048 characters of base64.
func wellFormed(token string) bool {
	if token == "" || len(token) > 2048 {
		return false
	}
	return strings.IndexFunc(token, notBase64) < 0
}

func notBase64(r rune) bool {
	return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' ||
		strings.ContainsRune("+/=-_", r))
}
