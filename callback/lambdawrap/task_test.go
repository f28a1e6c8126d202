package lambdawrap_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/sfnctx"
)

type loan struct {
	LoanID string `json:"loanId"`
	Amount int    `json:"amount"`
}

type valuation struct {
	LoanID string `json:"loanId"`
	Value  int    `json:"value"`
}

func valuate(_ context.Context, in loan) (valuation, error) {
	return valuation{LoanID: in.LoanID, Value: in.Amount * 2}, nil
}

func TestTaskSendsSuccess(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	var seen *sfnctx.Context
	var input map[string]any
	handler := lambdawrap.Task(e.client, func(ctx context.Context, in map[string]any) (any, error) {
		seen, _ = sfnctx.FromContext(ctx)
		input = in
		return map[string]any{"ok": true}, nil
	})

	result, err := handler(context.Background(), event(t, map[string]any{
		"taskToken": token, "loanId": "L-1",
		"ctx": map[string]any{"State": map[string]any{"Name": "Valuate", "RetryCount": 1}},
	}))
	require.NoError(t, err)

	assert.Equal(t, lambdawrap.TaskResult{Outcome: lambdawrap.OutcomeSucceeded,
		TokenFingerprint: sfnctx.TokenFingerprint(token)}, result)
	task, _ := e.fake.Task(token)
	assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
	assert.JSONEq(t, `{"ok":true}`, task.Output)
	// The handler sees the context object, token included, but its input
	// holds neither the token nor the context object.
	require.NotNil(t, seen)
	assert.Equal(t, "Valuate", seen.State.Name)
	assert.Equal(t, token, seen.Task.Token)
	assert.Equal(t, map[string]any{"loanId": "L-1"}, input)
}

func TestTaskTypedInputAndPayloadField(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	handler := lambdawrap.Task(e.client, valuate, func(o *lambdawrap.TaskOptions) {
		o.TokenField, o.PayloadField = "token", "input"
	})
	_, err := handler(context.Background(), event(t, map[string]any{
		"token": token, "input": map[string]any{"loanId": "L-2", "amount": 21}}))
	require.NoError(t, err)
	task, _ := e.fake.Task(token)
	assert.JSONEq(t, `{"loanId":"L-2","value":42}`, task.Output)
}

// TestTaskTokenFromContextObject: the context object's token is used when
// the token field is absent, null or "", and agrees with it when both hold
// one.
func TestTaskTokenFromContextObject(t *testing.T) {
	cases := map[string]func(token string) map[string]any{
		"no field":   func(string) map[string]any { return map[string]any{} },
		"null":       func(string) map[string]any { return map[string]any{"taskToken": nil} },
		"empty":      func(string) map[string]any { return map[string]any{"taskToken": ""} },
		"same token": func(token string) map[string]any { return map[string]any{"taskToken": token} },
	}
	for name, fields := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			token := e.startTask(0)
			handler := lambdawrap.Task(e.client, valuate)
			ev := fields(token)
			ev["ctx"] = map[string]any{"Task": map[string]any{"Token": token}}
			ev["loanId"] = "L-3"
			_, err := handler(context.Background(), event(t, ev))
			require.NoError(t, err)
			task, _ := e.fake.Task(token)
			assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
		})
	}
}

// TestTaskMissingTokenHintsAtNearMiss: a token under a field whose name
// differs only in case or punctuation is named in the error.
func TestTaskMissingTokenHintsAtNearMiss(t *testing.T) {
	for _, name := range []string{"TaskToken", "task_token", "taskToken.$"} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			token := e.startTask(0)
			_, err := lambdawrap.Task(e.client, valuate)(context.Background(),
				event(t, map[string]any{name: token}))
			require.ErrorIs(t, err, lambdawrap.ErrMissingToken)
			assert.Contains(t, err.Error(), `but has "`+name+`"`)
			assert.NotContains(t, err.Error(), token)
			assert.Empty(t, e.fake.Calls())
		})
	}
}

// codedErr chooses its error code.
type codedErr struct{}

func (codedErr) Error() string     { return "valuation service refused" }
func (codedErr) ErrorCode() string { return "ValuationRefused" }

func TestTaskErrorCodes(t *testing.T) {
	base := errors.New("no valuer available")
	cases := []struct {
		name    string
		err     error
		optFns  []func(*lambdawrap.TaskOptions)
		code    string
		inCause string
	}{
		{"plain error", base, nil, lambdawrap.DefaultErrorCode, "no valuer available"},
		{"WithCode", lambdawrap.WithCode("NoValuer", base), nil, "NoValuer", "no valuer"},
		{"wrapped ErrorCoder", fmt.Errorf("valuate: %w", codedErr{}), nil,
			"ValuationRefused", "valuate: valuation service refused"},
		{"AWS error", fmt.Errorf("save: %w", &smithy.GenericAPIError{
			Code: "ConditionalCheckFailedException", Message: "m"}), nil,
			"ConditionalCheckFailedException", "save:"},
		{"configured default", base, []func(*lambdawrap.TaskOptions){
			func(o *lambdawrap.TaskOptions) { o.DefaultErrorCode = "ValuationFailed" }},
			"ValuationFailed", "no valuer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			token := e.startTask(0)
			handler := lambdawrap.Task(e.client, func(context.Context, loan) (valuation, error) {
				return valuation{}, tc.err
			}, tc.optFns...)
			ev := event(t, map[string]any{"taskToken": token})
			result, err := handler(context.Background(), ev)
			require.NoError(t, err, "a failure sent ends the invocation cleanly")
			assert.Equal(t, lambdawrap.OutcomeFailed, result.Outcome)
			assert.Equal(t, tc.code, result.ErrorCode)
			task, _ := e.fake.Task(token)
			assert.Equal(t, callbacktest.StatusFailed, task.Status)
			assert.Equal(t, tc.code, task.Error)
			assert.Contains(t, task.Cause, tc.inCause)
		})
	}
}

// TestTaskRefusesMissingToken is K10: an event without a token field, or
// with an empty token, fails with an error naming the field; the handler
// does not run and nothing is sent.
func TestTaskRefusesMissingToken(t *testing.T) {
	cases := []struct {
		name  string
		event string
		kind  error
		field string
	}{
		{"no token field", `{"loanId":"L-1"}`, lambdawrap.ErrMissingToken, "taskToken"},
		{"null token", `{"taskToken":null}`, lambdawrap.ErrMissingToken, "taskToken"},
		{"empty token", `{"taskToken":""}`, lambdawrap.ErrMissingToken, "taskToken"},
		{"context object without token", `{"ctx":{"State":{"Name":"S"}}}`,
			lambdawrap.ErrMissingToken, "taskToken"},
		{"token not a string", `{"taskToken":42}`, lambdawrap.ErrInvalidEvent, "taskToken"},
		{"unresolved JSONPath", `{"taskToken":"$$.Task.Token"}`,
			callback.ErrInvalidToken, "taskToken"},
		{"unresolved JSONata", `{"taskToken":"{% $states.context.Task.Token %}"}`,
			callback.ErrInvalidToken, "taskToken"},
		{"whitespace in token", `{"taskToken":"AAAA BBBB"}`, callback.ErrInvalidToken, "taskToken"},
		{"oversized token", `{"taskToken":"` + strings.Repeat("A", 2049) + `"}`,
			callback.ErrInvalidToken, "taskToken"},
		{"quoted token", `{"taskToken":"'AAAABBBB'"}`, callback.ErrInvalidToken, "taskToken"},
		{"URL-encoded token", `{"taskToken":"AAAA%2BBBBB%3D"}`,
			callback.ErrInvalidToken, "taskToken"},
		{"event not an object", `["taskToken"]`, lambdawrap.ErrInvalidEvent, ""},
		{"event null", `null`, lambdawrap.ErrInvalidEvent, ""},
		{"two different tokens", `{"taskToken":"AAAABBBB","ctx":{"Task":{"Token":"CCCCDDDD"}}}`,
			lambdawrap.ErrInvalidEvent, "taskToken"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			ran := false
			handler := lambdawrap.Task(e.client, func(context.Context, loan) (valuation, error) {
				ran = true
				return valuation{}, nil
			})
			_, err := handler(context.Background(), json.RawMessage(tc.event))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.kind)
			var we *lambdawrap.Error
			require.ErrorAs(t, err, &we)
			assert.Equal(t, tc.field, we.Field)
			if tc.field != "" {
				assert.Contains(t, err.Error(), `"`+tc.field+`"`)
			}
			assert.NotContains(t, err.Error(), "AAAA BBBB")
			assert.False(t, ran, "the handler must not run")
			assert.Empty(t, e.fake.Calls(), "nothing may be sent")
		})
	}
}

func TestTaskInvalidPayloadFailsTheTask(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	ran := false
	handler := lambdawrap.Task(e.client, func(context.Context, loan) (valuation, error) {
		ran = true
		return valuation{}, nil
	})
	result, err := handler(context.Background(), event(t, map[string]any{
		"taskToken": token, "amount": "not a number"}))
	require.NoError(t, err)
	assert.False(t, ran)
	assert.Equal(t, lambdawrap.InvalidEventErrorCode, result.ErrorCode)
	task, _ := e.fake.Task(token)
	assert.Equal(t, lambdawrap.InvalidEventErrorCode, task.Error)
	assert.Contains(t, task.Cause, "payload does not decode")
	assert.NotContains(t, task.Cause, token)
}

func TestTaskOversizedOutputSendsFallbackFailure(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	handler := lambdawrap.Task(e.client, func(context.Context, loan) (string, error) {
		return strings.Repeat("x", 300*1024), nil
	})
	result, err := handler(context.Background(), event(t, map[string]any{"taskToken": token}))
	require.NoError(t, err)
	assert.Equal(t, lambdawrap.OutputRefusedErrorCode, result.ErrorCode)
	task, _ := e.fake.Task(token)
	assert.Equal(t, callbacktest.StatusFailed, task.Status)
	assert.Contains(t, task.Cause, "limit 262144")
	assert.Less(t, len(task.Cause), 2048, "the fallback carries size and hash, not the payload")
}

func TestTaskPanicSendsFailureThenFails(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	calls := 0
	handler := lambdawrap.Task(e.client, func(_ context.Context, in loan) (valuation, error) {
		calls++
		panic("valuer crashed on " + token + strings.Repeat(" deep", 10))
	}, func(o *lambdawrap.TaskOptions) { o.MaxStackBytes = 256 })
	ev := event(t, map[string]any{"taskToken": token})

	_, err := handler(context.Background(), ev)
	require.ErrorIs(t, err, lambdawrap.ErrPanicked)
	assert.NotContains(t, err.Error(), token)
	task, _ := e.fake.Task(token)
	assert.Equal(t, callbacktest.StatusFailed, task.Status)
	assert.Equal(t, lambdawrap.PanicErrorCode, task.Error)
	assert.True(t, strings.HasPrefix(task.Cause,
		"panic: valuer crashed on "+sfnctx.TokenPlaceholder(token)))
	assert.Contains(t, task.Cause, "goroutine ")
	assert.Contains(t, task.Cause, "…[stack cut]")
	assert.NotContains(t, task.Cause, token)

	// Lambda retries the failed invocation: nothing runs, nothing is sent.
	result, err := handler(context.Background(), ev)
	require.NoError(t, err)
	assert.True(t, result.Replayed)
	assert.Equal(t, 1, calls)
	assert.Equal(t, 1, e.sends())
}

// TestTaskRetryDoesNotSendTwice: Lambda's retry of an invocation that
// already sent its outcome neither runs the handler nor sends again.
func TestTaskRetryDoesNotSendTwice(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	var calls atomic.Int32
	handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
		calls.Add(1)
		return valuate(ctx, in)
	})
	ev := event(t, map[string]any{"taskToken": token, "loanId": "L-9", "amount": 5})

	first, err := handler(context.Background(), ev)
	require.NoError(t, err)
	second, err := handler(context.Background(), ev)
	require.NoError(t, err)

	assert.False(t, first.Replayed)
	assert.True(t, second.Replayed)
	assert.Equal(t, first.Outcome, second.Outcome)
	assert.Equal(t, int32(1), calls.Load())
	assert.Equal(t, 1, e.sends())
}

func TestTaskWithoutMemorySendsAgainAndEndsCleanly(t *testing.T) {
	e := newEnv(t, func(o *callback.Options) { o.RememberTokens = -1 })
	token := e.startTask(0)
	handler := lambdawrap.Task(e.client, valuate,
		func(o *lambdawrap.TaskOptions) { o.RememberTasks = -1 })
	ev := event(t, map[string]any{"taskToken": token})
	_, err := handler(context.Background(), ev)
	require.NoError(t, err)

	// As a retry in a fresh process would: the second send is refused by
	// Step Functions and the invocation still ends cleanly.
	result, err := handler(context.Background(), ev)
	require.NoError(t, err)
	assert.Equal(t, lambdawrap.OutcomeLate, result.Outcome)
	task, _ := e.fake.Task(token)
	assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
}

// TestTaskRetryableSendFailure: a send that fails retryably fails the
// invocation; Lambda's retry sends the remembered outcome without running
// the handler again.
func TestTaskRetryableSendFailure(t *testing.T) {
	cases := []struct {
		name   string
		inject []error
		kind   error
	}{
		{"throttled past the retries", []error{callbacktest.Throttling(),
			callbacktest.Throttling(), callbacktest.Throttling()}, callback.ErrSendFailed},
		{"service faults", []error{callbacktest.ServiceFault(), callbacktest.ServiceFault(),
			callbacktest.ServiceFault()}, callback.ErrSendFailed},
		{"no answer", []error{errors.New("connection reset by peer")},
			callback.ErrOutcomeUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			token := e.startTask(0)
			calls := 0
			handler := lambdawrap.Task(e.client,
				func(ctx context.Context, in loan) (valuation, error) {
					calls++
					return valuate(ctx, in)
				})
			ev := event(t, map[string]any{"taskToken": token, "loanId": "L-4", "amount": 1})
			e.fake.InjectErrors(tc.inject...)

			_, err := handler(context.Background(), ev)
			require.ErrorIs(t, err, lambdawrap.ErrNotSent)
			assert.ErrorIs(t, err, tc.kind)
			assert.NotContains(t, err.Error(), token)

			result, err := handler(context.Background(), ev)
			require.NoError(t, err)
			assert.Equal(t, lambdawrap.OutcomeSucceeded, result.Outcome)
			assert.Equal(t, 1, calls, "the retry sends the remembered outcome")
			task, _ := e.fake.Task(token)
			assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
			assert.JSONEq(t, `{"loanId":"L-4","value":2}`, task.Output)
		})
	}
}

func TestTaskLateAndDuplicateEndCleanly(t *testing.T) {
	t.Run("late", func(t *testing.T) {
		e := newEnv(t)
		token := e.startTask(2 * time.Second)
		handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
			e.clock.Advance(5 * time.Second) // the work outlasts TimeoutSeconds
			return valuate(ctx, in)
		})
		result, err := handler(context.Background(), event(t, map[string]any{"taskToken": token}))
		require.NoError(t, err)
		assert.Equal(t, lambdawrap.OutcomeLate, result.Outcome)
		assert.Equal(t, []string{"late"}, e.closedKinds())
	})
	t.Run("duplicate", func(t *testing.T) {
		e := newEnv(t)
		token := e.startTask(0)
		require.NoError(t, e.client.Succeed(context.Background(), token, "first"))
		handler := lambdawrap.Task(e.client, valuate)
		result, err := handler(context.Background(), event(t, map[string]any{"taskToken": token}))
		require.NoError(t, err)
		assert.Equal(t, lambdawrap.OutcomeDuplicate, result.Outcome)
		assert.Equal(t, []string{"duplicate"}, e.closedKinds())
		task, _ := e.fake.Task(token)
		assert.Equal(t, `"first"`, task.Output)
	})
}

func TestTaskHeartbeats(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
		for {
			if task, _ := e.fake.Task(token); task.Heartbeats >= 2 {
				return valuate(ctx, in)
			}
			time.Sleep(time.Millisecond)
		}
	}, func(o *lambdawrap.TaskOptions) { o.HeartbeatInterval = 5 * time.Millisecond })
	result, err := handler(context.Background(), event(t, map[string]any{"taskToken": token}))
	require.NoError(t, err)
	assert.Equal(t, lambdawrap.OutcomeSucceeded, result.Outcome)
	task, _ := e.fake.Task(token)
	assert.GreaterOrEqual(t, task.Heartbeats, 2)
}

// TestTaskClosedDuringHeartbeats: when a heartbeat finds the task closed,
// the handler's context is cancelled, nothing is sent and the invocation
// ends cleanly.
func TestTaskClosedDuringHeartbeats(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	other := callback.New(e.fake)
	handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
		require.NoError(t, other.Succeed(ctx, token, "closed elsewhere"))
		<-ctx.Done()
		return valuation{}, ctx.Err()
	}, func(o *lambdawrap.TaskOptions) { o.HeartbeatInterval = 5 * time.Millisecond })
	result, err := handler(context.Background(), event(t, map[string]any{"taskToken": token}))
	require.NoError(t, err)
	assert.Equal(t, lambdawrap.OutcomeLate, result.Outcome)
	assert.Equal(t, 1, e.sends(), "only the other client's success was sent")
	assert.Contains(t, e.closedKinds(), "late")
}

// TestTaskKeepsTimeToSend: the handler's context ends SendReserve before
// the invocation's deadline, and the send still uses the invocation's.
func TestTaskKeepsTimeToSend(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	deadline := time.Now().Add(time.Hour)
	var handlerDeadline time.Time
	handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
		handlerDeadline, _ = ctx.Deadline()
		return valuate(ctx, in)
	}, func(o *lambdawrap.TaskOptions) { o.SendReserve = 3 * time.Second })
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	_, err := handler(ctx, event(t, map[string]any{"taskToken": token}))
	require.NoError(t, err)
	assert.Equal(t, deadline.Add(-3*time.Second), handlerDeadline)

	// A handler that outlasts its context has its failure sent in time.
	token = e.startTask(0)
	ctx, cancel = context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	handler = lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
		<-ctx.Done()
		return valuation{}, ctx.Err()
	}, func(o *lambdawrap.TaskOptions) { o.SendReserve = time.Hour - 50*time.Millisecond })
	result, err := handler(ctx, event(t, map[string]any{"taskToken": token}))
	require.NoError(t, err)
	assert.Equal(t, lambdawrap.OutcomeFailed, result.Outcome)
	assert.Equal(t, lambdawrap.HandlerTimedOutErrorCode, result.ErrorCode)
	task, _ := e.fake.Task(token)
	assert.Equal(t, lambdawrap.HandlerTimedOutErrorCode, task.Error)
	assert.Contains(t, task.Cause, "ran out of time")
	assert.Contains(t, task.Cause, "context deadline exceeded")
}

// TestTaskHandlerTimeoutCode: only a handler error without a code of its
// own, from a handler whose context ended by the reserve deadline, is sent
// as HandlerTimedOutErrorCode; a handler error before the deadline keeps
// the default code and a code the handler chose is kept.
func TestTaskHandlerTimeoutCode(t *testing.T) {
	cases := map[string]struct {
		reserve time.Duration
		handler func(ctx context.Context, in loan) (valuation, error)
		code    string
	}{
		"ran out of time": {time.Hour - 20*time.Millisecond,
			func(ctx context.Context, _ loan) (valuation, error) {
				<-ctx.Done()
				return valuation{}, fmt.Errorf("query: %w", ctx.Err())
			}, lambdawrap.HandlerTimedOutErrorCode},
		"its own code after the deadline": {time.Hour - 20*time.Millisecond,
			func(ctx context.Context, _ loan) (valuation, error) {
				<-ctx.Done()
				return valuation{}, lambdawrap.WithCode("ValuerSlow", ctx.Err())
			}, "ValuerSlow"},
		"handler error in time": {time.Second,
			func(context.Context, loan) (valuation, error) {
				return valuation{}, errors.New("no such loan")
			}, lambdawrap.DefaultErrorCode},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			token := e.startTask(0)
			ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
			defer cancel()
			handler := lambdawrap.Task(e.client, tc.handler,
				func(o *lambdawrap.TaskOptions) { o.SendReserve = tc.reserve })
			result, err := handler(ctx, event(t, map[string]any{"taskToken": token}))
			require.NoError(t, err)
			assert.Equal(t, tc.code, result.ErrorCode)
			task, _ := e.fake.Task(token)
			assert.Equal(t, tc.code, task.Error)
		})
	}
}

// TestTaskNoTimeToRun: an invocation with less time left than SendReserve
// does not start the handler on a context already ended; it sends
// HandlerTimedOutErrorCode with a cause naming the fix.
func TestTaskNoTimeToRun(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	ran := false
	handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
		ran = true
		return valuate(ctx, in)
	}, func(o *lambdawrap.TaskOptions) { o.SendReserve = time.Hour })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	result, err := handler(ctx, event(t, map[string]any{"taskToken": token}))
	require.NoError(t, err)
	assert.False(t, ran)
	assert.Equal(t, lambdawrap.OutcomeFailed, result.Outcome)
	task, _ := e.fake.Task(token)
	assert.Equal(t, lambdawrap.HandlerTimedOutErrorCode, task.Error)
	assert.Contains(t, task.Cause, "the handler was not run")
	assert.Contains(t, task.Cause, "SendReserve (1h0m0s)")
}

// TestTaskResultWhenNotSent: a send that fails reports OutcomeNotSent, not
// the outcome that was never delivered.
func TestTaskResultWhenNotSent(t *testing.T) {
	for name, fails := range map[string]bool{"success": false, "failure": true} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			token := e.startTask(0)
			handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
				if fails {
					return valuation{}, errors.New("no such loan")
				}
				return valuate(ctx, in)
			})
			e.fake.InjectErrors(callbacktest.APIError("KmsAccessDeniedException"))
			result, err := handler(context.Background(), event(t, map[string]any{"taskToken": token}))
			require.ErrorIs(t, err, lambdawrap.ErrNotSent)
			assert.Equal(t, lambdawrap.OutcomeNotSent, result.Outcome)
			assert.Empty(t, result.ErrorCode)
		})
	}
	result, err := lambdawrap.Task(nil, valuate)(context.Background(), []byte(`{}`))
	require.ErrorIs(t, err, lambdawrap.ErrNotSent)
	assert.Equal(t, lambdawrap.OutcomeNotSent, result.Outcome)
}

func TestTaskInvalidContextObjectFailsTheTask(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	handler := lambdawrap.Task(e.client, valuate)
	result, err := handler(context.Background(), event(t, map[string]any{
		"taskToken": token, "ctx": map[string]any{"State": map[string]any{"RetryCount": "x"}}}))
	require.NoError(t, err)
	assert.Equal(t, lambdawrap.InvalidEventErrorCode, result.ErrorCode)
	task, _ := e.fake.Task(token)
	assert.Contains(t, task.Cause, `field "ctx"`)
}

// TestTaskConcurrentInvocationOfOneToken: while the handler runs for a
// token, another invocation with the same token fails with ErrInFlight
// and does not run the handler.
func TestTaskConcurrentInvocationOfOneToken(t *testing.T) {
	e := newEnv(t)
	token := e.startTask(0)
	started, release := make(chan struct{}), make(chan struct{})
	handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
		close(started)
		<-release
		return valuate(ctx, in)
	})
	ev := event(t, map[string]any{"taskToken": token})
	done := make(chan error, 1)
	go func() {
		_, err := handler(context.Background(), ev)
		done <- err
	}()
	<-started
	_, err := handler(context.Background(), ev)
	require.ErrorIs(t, err, lambdawrap.ErrInFlight)
	close(release)
	require.NoError(t, <-done)
	assert.Equal(t, 1, e.sends())
}

// TestTaskForgetsOldestToken: past RememberTasks, the oldest token is
// forgotten; its retry runs again and the callback client calls the
// refused send a duplicate of its own earlier one.
func TestTaskForgetsOldestToken(t *testing.T) {
	e := newEnv(t)
	calls := 0
	handler := lambdawrap.Task(e.client, func(ctx context.Context, in loan) (valuation, error) {
		calls++
		return valuate(ctx, in)
	}, func(o *lambdawrap.TaskOptions) { o.RememberTasks = 1 })
	first := event(t, map[string]any{"taskToken": e.startTask(0)})
	_, err := handler(context.Background(), first)
	require.NoError(t, err)
	_, err = handler(context.Background(), event(t, map[string]any{"taskToken": e.startTask(0)}))
	require.NoError(t, err)

	result, err := handler(context.Background(), first)
	require.NoError(t, err)
	assert.Equal(t, lambdawrap.OutcomeDuplicate, result.Outcome)
	assert.Equal(t, 3, calls)
}

// TestNilClientNeverPanics checks that wrappers built on a nil callback
// client refuse every invocation instead of panicking.
func TestNilClientNeverPanics(t *testing.T) {
	handler := lambdawrap.Task(nil, func(context.Context, loan) (valuation, error) {
		t.Error("the handler must not run")
		return valuation{}, nil
	})
	var err error
	require.NotPanics(t, func() {
		_, err = handler(context.Background(), event(t, map[string]any{"taskToken": "AQB1"}))
	})
	require.ErrorIs(t, err, lambdawrap.ErrNotSent)

	var reply lambdawrap.Reply
	require.NotPanics(t, func() {
		reply = lambdawrap.NewReceiver(nil).Redeem(context.Background(),
			lambdawrap.Succeeded("valuation-7", 1))
	})
	assert.Equal(t, 500, reply.StatusCode)
}
