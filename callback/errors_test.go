package callback_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
)

// answerCase is one Step Functions answer and the error it must become.
type answerCase struct {
	name    string
	answer  error
	kind    error
	code    string
	retried bool
}

// k04Cases are the answers of K04, as errors the SDK returns.
func k04Cases() []answerCase {
	return []answerCase{
		{"InvalidToken", &types.InvalidToken{}, callback.ErrInvalidToken, "InvalidToken", false},
		{"TaskDoesNotExist", &types.TaskDoesNotExist{}, callback.ErrTaskNotFound,
			"TaskDoesNotExist", false},
		{"TaskTimedOut", &types.TaskTimedOut{}, callback.ErrLate, "TaskTimedOut", false},
		{"InvalidOutput", &types.InvalidOutput{}, callback.ErrInvalidOutput, "InvalidOutput",
			false},
		{"KmsAccessDenied", &types.KmsAccessDeniedException{}, callback.ErrSendFailed,
			"KmsAccessDeniedException", false},
		{"KmsInvalidState", &types.KmsInvalidStateException{}, callback.ErrSendFailed,
			"KmsInvalidStateException", false},
		{"KmsThrottling", callbacktest.APIError("KmsThrottlingException"), callback.ErrSendFailed,
			"KmsThrottlingException", true},
		{"Throttling", callbacktest.Throttling(), callback.ErrSendFailed,
			"ThrottlingException", true},
		{"ServiceFault", callbacktest.ServiceFault(), callback.ErrSendFailed,
			"ServiceUnavailable", true},
		{"unknown code", callbacktest.APIError("BrandNewException"), callback.ErrSendFailed,
			"BrandNewException", false},
	}
}

func TestK04AnswersMapToErrors(t *testing.T) {
	for _, tc := range k04Cases() {
		t.Run(tc.name, func(t *testing.T) {
			fake := callbacktest.New()
			token := fake.StartTask()
			fake.InjectErrors(repeat(tc.answer, 3)...)
			c := newTestClient(t, fake, func(o *callback.Options) { o.MaxAttempts = 3 })

			err := c.Succeed(context.Background(), token, "x")

			require.ErrorIs(t, err, tc.kind)
			var ce *callback.Error
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.code, ce.AWSCode, "the AWS code stays visible")
			assert.ErrorIs(t, err, tc.answer, "the AWS error stays reachable")
			if tc.kind != callback.ErrLate {
				assert.NotErrorIs(t, err, callback.ErrTaskClosed, "never late or duplicate")
			}
			wantCalls := 1
			if tc.retried {
				wantCalls = 3
			}
			assert.Len(t, fake.Calls(), wantCalls)
		})
	}
}

func TestK04ThrottlingThenSuccess(t *testing.T) {
	for _, code := range []string{"ThrottlingException", "KmsThrottlingException"} {
		t.Run(code, func(t *testing.T) {
			fake := callbacktest.New()
			token := fake.StartTask()
			fake.InjectErrors(callbacktest.APIError(code), callbacktest.APIError(code))

			require.NoError(t, newTestClient(t, fake).Succeed(context.Background(), token, 1))

			assert.Len(t, fake.Calls(), 3)
			task, _ := fake.Task(token)
			assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
		})
	}
}

func TestServiceFaultThenTaskTimedOutIsOutcomeUnknown(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()
	fake.InjectErrors(callbacktest.ServiceFault(), &types.TaskTimedOut{})

	err := newTestClient(t, fake).Succeed(context.Background(), token, 1)

	require.ErrorIs(t, err, callback.ErrOutcomeUnknown)
	assert.NotErrorIs(t, err, callback.ErrTaskClosed, "never reported late")
}

func TestRetriesStopAtContextEnd(t *testing.T) {
	fake := callbacktest.New()
	token := fake.StartTask()
	fake.InjectErrors(repeat(callbacktest.Throttling(), 100)...)
	ctx, cancel := context.WithCancel(context.Background())
	c := callback.New(fake, func(o *callback.Options) {
		o.MaxAttempts = 100
		o.OnClosedTask = func(context.Context, *callback.Error) { cancel() }
		o.Backoff = cancelOnFirstDelay{cancel}
	})

	err := c.Succeed(ctx, token, 1)

	require.ErrorIs(t, err, callback.ErrSendFailed)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Len(t, fake.Calls(), 1)
}

// cancelOnFirstDelay cancels the context when the retryer asks for a delay,
// standing in for a deadline that runs out during the backoff.
type cancelOnFirstDelay struct{ cancel context.CancelFunc }

func (b cancelOnFirstDelay) BackoffDelay(int, error) (time.Duration, error) {
	b.cancel()
	return time.Hour, nil
}

func TestErrorUnwrapsToStoreAndAWS(t *testing.T) {
	aws := &types.TaskTimedOut{}
	store := errors.New("store down")
	e := &callback.Error{Op: "succeed", Kind: callback.ErrLate, Err: aws, StoreErr: store}

	assert.ErrorIs(t, e, callback.ErrLate)
	assert.ErrorIs(t, e, callback.ErrTaskClosed)
	assert.ErrorIs(t, e, store)
	assert.ErrorAs(t, e, new(*types.TaskTimedOut))
	assert.ErrorIs(t, callback.ErrDuplicate, callback.ErrTaskClosed)
	assert.NotErrorIs(t, callback.ErrLate, callback.ErrDuplicate)
}

func TestNoticeKinds(t *testing.T) {
	kinds := map[error]string{
		callback.ErrLate:             "late",
		callback.ErrDuplicate:        "duplicate",
		callback.ErrUnknownReference: "unknown_reference",
		callback.ErrInvalidToken:     "invalid_token",
		callback.ErrTaskNotFound:     "task_not_found",
		callback.ErrInvalidOutput:    "invalid_output",
		callback.ErrOutcomeUnknown:   "outcome_unknown",
		callback.ErrSendFailed:       "send_failed",
		callback.ErrStore:            "store_failed",
		callback.ErrInFlight:         "",
		callback.ErrInvalidInput:     "",
		callback.ErrNotConfigured:    "",
	}
	for kind, want := range kinds {
		assert.Equal(t, want, callback.NoticeKind(kind), kind.Error())
	}
}

func repeat(err error, n int) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}
