package errnotify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/sfnctx"
)

const (
	topicARN     = "arn:aws:sns:eu-west-1:123456789012:failures"
	functionARN  = "arn:aws:lambda:eu-west-1:123456789012:function:valuation-callback"
	executionARN = "arn:aws:states:eu-west-1:123456789012:execution:loans:run-42"
	machineARN   = "arn:aws:states:eu-west-1:123456789012:stateMachine:loans"
	token        = "AQCEAAAAKgAAAAMAAAAAAAAAAb3YqWn9XkF2+/token=="
)

var noticeTime = time.Date(2026, 5, 4, 10, 5, 0, 0, time.UTC)

// lambdaEnv sets the Lambda environment variables for the test.
func lambdaEnv(t *testing.T) {
	t.Helper()
	t.Setenv(sfnctx.EnvFunctionName, "valuation-callback")
	t.Setenv(sfnctx.EnvFunctionVersion, "$LATEST")
	t.Setenv(sfnctx.EnvLogGroup, "/aws/lambda/valuation-callback")
	t.Setenv(sfnctx.EnvLogStream, "2026/05/04/[$LATEST]0123")
}

// noLambdaEnv clears the Lambda environment variables for the test.
func noLambdaEnv(t *testing.T) {
	t.Helper()
	for _, env := range []string{sfnctx.EnvFunctionName, sfnctx.EnvFunctionVersion,
		sfnctx.EnvLogGroup, sfnctx.EnvLogStream} {
		t.Setenv(env, "")
	}
}

// invocation returns a context as a Lambda handler sees it, carrying the
// Step Functions context object.
func invocation(t testing.TB) context.Context {
	t.Helper()
	ctx := lambdacontext.NewContext(t.Context(), &lambdacontext.LambdaContext{
		AwsRequestID: "req-1", InvokedFunctionArn: functionARN})
	return sfnctx.NewContext(ctx, &sfnctx.Context{
		Execution:    sfnctx.Execution{ID: executionARN, Name: "run-42"},
		State:        sfnctx.State{Name: "WaitForValuation", RetryCount: 1},
		StateMachine: sfnctx.StateMachine{ID: machineARN, Name: "loans"},
		Task:         sfnctx.Task{Token: token},
	})
}

func TestNotifyFillsFromContext(t *testing.T) {
	lambdaEnv(t)
	fake := &recordingSNS{}
	n := errnotify.New(fake, topicARN)

	err := n.Notify(invocation(t), errnotify.Notice{
		Description: "valuation callback arrived after the task timed out",
		Kind:        "late",
		Reference:   "VAL-1",
		Err:         errors.New("callback: task is late"),
		Time:        noticeTime,
		Extra:       map[string]any{"valuer": "acme", "attempt": 2},
	})
	require.NoError(t, err)

	env := fake.envelope(t)
	assert.Equal(t, errnotify.Envelope{
		Source:          functionARN,
		Description:     "valuation callback arrived after the task timed out",
		Version:         errnotify.SchemaVersion,
		Kind:            "late",
		Error:           "callback: task is late",
		Reference:       "VAL-1",
		ExecutionARN:    executionARN,
		StateMachineARN: machineARN,
		StateName:       "WaitForValuation",
		RetryCount:      1,
		RequestID:       "req-1",
		FunctionName:    "valuation-callback",
		LogGroup:        "/aws/lambda/valuation-callback",
		LogStream:       "2026/05/04/[$LATEST]0123",
		ConsoleURL: "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1" +
			"#/v2/executions/details/" + executionARN,
		TokenFingerprint: sfnctx.TokenFingerprint(token),
		Time:             noticeTime,
		Extra:            map[string]any{"valuer": "acme", "attempt": float64(2)},
	}, env)

	// The body starts with source, description and version, in that order.
	assert.Regexp(t, `^\{"source":"[^"]+","description":"[^"]+","version":"1",`,
		*fake.only(t).Message)
}

func TestNoticeFieldsWinOverContext(t *testing.T) {
	noLambdaEnv(t)
	fake := &recordingSNS{}
	ctx := sfnctx.NewContext(t.Context(), &sfnctx.Context{
		Execution:    sfnctx.Execution{ID: executionARN},
		State:        sfnctx.State{Name: "FromContext", RetryCount: 3},
		StateMachine: sfnctx.StateMachine{ID: machineARN},
		Task:         sfnctx.Task{Token: "context-token-0123456789"},
	})

	require.NoError(t, errnotify.New(fake, topicARN).Notify(ctx, errnotify.Notice{
		Description: "d", ExecutionARN: executionARN, StateName: "FromNotice", Token: token,
	}))
	env := fake.envelope(t)
	assert.Equal(t, "FromNotice", env.StateName)
	assert.Equal(t, 3, env.RetryCount)
	assert.Equal(t, machineARN, env.StateMachineARN)
	assert.Equal(t, sfnctx.TokenFingerprint(token), env.TokenFingerprint)
	assert.Empty(t, env.RequestID)
}

// Code running in one execution may report about another: the notice then
// takes none of the context object's facts (they belong to the wrong
// execution), but the context's token is still kept out.
func TestNoticeAboutAnotherExecution(t *testing.T) {
	noLambdaEnv(t)
	const ctxToken = "context-token-0123456789"
	fake := &recordingSNS{}
	ctx := sfnctx.NewContext(t.Context(), &sfnctx.Context{
		Execution:    sfnctx.Execution{ID: executionARN},
		State:        sfnctx.State{Name: "FromContext", RetryCount: 3},
		StateMachine: sfnctx.StateMachine{ID: machineARN},
		Task:         sfnctx.Task{Token: ctxToken},
	})
	other := "arn:aws:states:eu-west-1:123456789012:execution:other:run-43"

	require.NoError(t, errnotify.New(fake, topicARN).Notify(ctx, errnotify.Notice{
		Description: "seen " + ctxToken, ExecutionARN: other,
	}))
	env := fake.envelope(t)
	assert.Equal(t, other, env.ExecutionARN)
	assert.Empty(t, env.StateName)
	assert.Zero(t, env.RetryCount)
	assert.Equal(t, "arn:aws:states:eu-west-1:123456789012:stateMachine:other",
		env.StateMachineARN)
	assert.Equal(t, env.StateMachineARN, env.Source)
	assert.Empty(t, env.TokenFingerprint, "the context's token is not this notice's")
	assert.Contains(t, env.ConsoleURL, other)
	assert.NotContains(t, *fake.only(t).Message, ctxToken)
}

func TestSourceChoice(t *testing.T) {
	noLambdaEnv(t)
	withLambda := lambdacontext.NewContext(t.Context(),
		&lambdacontext.LambdaContext{InvokedFunctionArn: functionARN})
	withMachine := sfnctx.NewContext(t.Context(),
		&sfnctx.Context{StateMachine: sfnctx.StateMachine{ID: machineARN}})
	otherMachine := "arn:aws:states:eu-west-1:123456789012:stateMachine:other"
	tests := []struct {
		name   string
		ctx    context.Context
		notice errnotify.Notice
		source string
		want   string
	}{
		{"lambda function first", sfnctx.NewContext(withLambda, &sfnctx.Context{
			StateMachine: sfnctx.StateMachine{ID: machineARN}}),
			errnotify.Notice{StateMachineARN: otherMachine}, "svc", functionARN},
		{"state machine from the notice", withMachine,
			errnotify.Notice{StateMachineARN: otherMachine}, "svc", otherMachine},
		{"state machine from the context object", withMachine, errnotify.Notice{}, "svc",
			machineARN},
		{"state machine of the execution", t.Context(), errnotify.Notice{ExecutionARN: "arn:" +
			"aws:states:eu-west-1:123456789012:execution:other:run-1"}, "svc", otherMachine},
		{"state machine of a map run child", t.Context(), errnotify.Notice{ExecutionARN: "arn:" +
			"aws:states:eu-west-1:123456789012:execution:other/map:child"}, "svc", otherMachine},
		{"options source", t.Context(), errnotify.Notice{}, "svc", "svc"},
		{"default source", t.Context(), errnotify.Notice{}, "", errnotify.DefaultSource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &recordingSNS{}
			n := errnotify.New(fake, topicARN, func(o *errnotify.Options) { o.Source = tt.source })
			tt.notice.Description = "d"
			require.NoError(t, n.Notify(tt.ctx, tt.notice))
			env := fake.envelope(t)
			assert.Equal(t, tt.want, env.Source)
			assert.Equal(t, tt.want, fake.attributes(t)["source"])
			if tt.notice.ExecutionARN != "" {
				assert.Equal(t, otherMachine, env.StateMachineARN)
			}
		})
	}
}

func TestNotifyDefaultTime(t *testing.T) {
	fake := &recordingSNS{}
	n := errnotify.New(fake, topicARN, func(o *errnotify.Options) {
		o.Now = func() time.Time { return noticeTime.In(time.FixedZone("x", 3600)) }
	})
	require.NoError(t, n.Notify(t.Context(), errnotify.Notice{Description: "d"}))
	assert.Contains(t, *fake.only(t).Message, `"time":"2026-05-04T10:05:00Z"`)
}

func TestReport(t *testing.T) {
	original := errors.New("callback: send task success: throttled")
	awsErr := &smithy.GenericAPIError{Code: "AuthorizationError", Message: "not allowed"}

	t.Run("publish fails: both errors, original first", func(t *testing.T) {
		fake := &recordingSNS{err: awsErr}
		err := errnotify.New(fake, topicARN).Report(t.Context(), original,
			errnotify.Notice{Description: "d", Kind: "send_failed", Reference: "VAL-1"})
		require.ErrorIs(t, err, original)
		require.ErrorIs(t, err, errnotify.ErrPublish)
		var apiErr smithy.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "AuthorizationError", apiErr.ErrorCode())
		var e *errnotify.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, topicARN, e.TopicARN)
		assert.Equal(t, "send_failed", e.NoticeKind)
		assert.Regexp(t, `^callback: send task success: throttled\nerrnotify: publish failed`,
			err.Error())
	})
	t.Run("publish works: the original unchanged", func(t *testing.T) {
		fake := &recordingSNS{}
		err := errnotify.New(fake, topicARN).Report(t.Context(), original,
			errnotify.Notice{Description: "d"})
		assert.Same(t, original, err)
		assert.Equal(t, original.Error(), fake.envelope(t).Error)
	})
	t.Run("notice error kept when set", func(t *testing.T) {
		fake := &recordingSNS{}
		err := errnotify.New(fake, topicARN).Report(t.Context(), original,
			errnotify.Notice{Description: "d", Err: errors.New("more detail")})
		assert.Same(t, original, err)
		assert.Equal(t, "more detail", fake.envelope(t).Error)
	})
}

// Report is for returning an error: with none there is nothing to report,
// so a "return n.Report(ctx, err, ...)" reached with a nil err publishes
// nothing and returns nil.
func TestReportNilError(t *testing.T) {
	fake := &recordingSNS{}
	err := errnotify.New(fake, topicARN).Report(t.Context(), nil,
		errnotify.Notice{Description: "d", Kind: "send_failed"})
	require.NoError(t, err)
	assert.Empty(t, fake.inputs)
}

func TestNotConfigured(t *testing.T) {
	var nilNotifier *errnotify.Notifier
	tests := map[string]*errnotify.Notifier{
		"nil client":     errnotify.New(nil, topicARN),
		"no topic":       errnotify.New(&recordingSNS{}, ""),
		"nil *Notifier":  nilNotifier,
		"zero *Notifier": {},
	}
	for name, n := range tests {
		t.Run(name, func(t *testing.T) {
			err := n.Notify(t.Context(), errnotify.Notice{Description: "d"})
			require.ErrorIs(t, err, errnotify.ErrNotConfigured)
			original := errors.New("boom")
			err = n.Report(t.Context(), original, errnotify.Notice{})
			require.ErrorIs(t, err, original)
			require.ErrorIs(t, err, errnotify.ErrNotConfigured)
		})
	}
}

// The error text stays short and on one line whatever the notice holds.
func TestErrorTextBounded(t *testing.T) {
	huge := strings.Repeat("é", 100*1024) + "\nnext line"
	err := errnotify.New(nil, topicARN).Notify(t.Context(),
		errnotify.Notice{Kind: huge, Reference: huge, Description: "d"})
	require.ErrorIs(t, err, errnotify.ErrNotConfigured)
	assert.Less(t, len(err.Error()), 1024)
	assert.NotContains(t, err.Error(), "\n")
	assert.True(t, utf8.ValidString(err.Error()))
	var e *errnotify.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, huge, e.Reference, "the field keeps the whole value")
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fake := &recordingSNS{}
	n := errnotify.New(fake, topicARN, func(o *errnotify.Options) { o.Logger = logger })
	notice := errnotify.Notice{Description: "late " + token, Kind: "late", Reference: "VAL-1",
		Token: token}

	require.NoError(t, n.Notify(t.Context(), notice))
	fake.err = errors.New("sns down")
	require.Error(t, n.Notify(t.Context(), notice))

	out := buf.String()
	assert.Contains(t, out, `"msg":"errnotify: notice published"`)
	assert.Contains(t, out, `"msg":"errnotify: notice not published"`)
	assert.Contains(t, out, `"reference":"VAL-1"`)
	assert.Contains(t, out, `"token_fingerprint":"`+sfnctx.TokenFingerprint(token)+`"`)
	assert.NotContains(t, out, token)
}

// A nil context.Context does not lose the notice: it is published as with
// context.Background().
func TestNilContext(t *testing.T) {
	var nilCtx context.Context
	fake := &recordingSNS{}
	n := errnotify.New(fake, topicARN)
	require.NotPanics(t, func() {
		require.NoError(t, n.Notify(nilCtx, errnotify.Notice{Description: "d", Token: token}))
		original := errors.New("boom")
		require.ErrorIs(t, n.Report(nilCtx, original, errnotify.Notice{}), original)
		_ = errnotify.New(nil, topicARN).Notify(nilCtx, errnotify.Notice{Token: token})
	})
	assert.Len(t, fake.inputs, 2)
}

// The console finds an Express execution by its start time: the context's
// start time goes into the link only when the link is to that execution.
func TestExpressConsoleStartTime(t *testing.T) {
	const express = "arn:aws:states:eu-west-1:123456789012:express:loans:run-1:abc"
	const other = "arn:aws:states:eu-west-1:123456789012:express:loans:run-2:def"
	start := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	ctx := sfnctx.NewContext(t.Context(), &sfnctx.Context{
		Execution: sfnctx.Execution{ID: express, StartTime: start}})
	tests := map[string]struct {
		executionARN string
		want         string
	}{
		"the context's execution": {"", "#/express-executions/details/" + express +
			"?startDate=1777888800000"},
		"another execution": {other, "#/express-executions/details/" + other},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			fake := &recordingSNS{}
			require.NoError(t, errnotify.New(fake, topicARN).Notify(ctx,
				errnotify.Notice{Description: "d", ExecutionARN: tt.executionARN}))
			assert.True(t, strings.HasSuffix(fake.envelope(t).ConsoleURL, tt.want),
				fake.envelope(t).ConsoleURL)
		})
	}
}

// kumo passes only Task.Token: a context object without an execution id
// still fills the notice, whatever execution the notice names.
func TestContextWithoutExecutionFills(t *testing.T) {
	fake := &recordingSNS{}
	ctx := sfnctx.NewContext(t.Context(), &sfnctx.Context{Task: sfnctx.Task{Token: token}})
	require.NoError(t, errnotify.New(fake, topicARN).Notify(ctx,
		errnotify.Notice{Description: "d", ExecutionARN: executionARN}))
	assert.Equal(t, sfnctx.TokenFingerprint(token), fake.envelope(t).TokenFingerprint)
}

// The published body has exactly the keys of the schema in the package docs,
// in that order.
func TestEnvelopeSchemaKeys(t *testing.T) {
	lambdaEnv(t)
	fake := &recordingSNS{}
	require.NoError(t, errnotify.New(fake, topicARN).Notify(invocation(t), errnotify.Notice{
		Description: "d", Kind: "late", Reference: "VAL-1", Time: noticeTime,
		Err: errors.New(strings.Repeat("e", 300*1024)), Extra: map[string]any{"k": "v"}}))

	dec := json.NewDecoder(strings.NewReader(*fake.only(t).Message))
	var keys []string
	_, err := dec.Token() // {
	require.NoError(t, err)
	for dec.More() {
		key, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, key.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	assert.Equal(t, []string{"source", "description", "version", "kind", "error", "reference",
		"executionArn", "stateMachineArn", "stateName", "retryCount", "lambdaRequestId",
		"functionName", "logGroup", "logStream", "consoleUrl", "tokenFingerprint", "time",
		"truncated", "extra"}, keys)
}

// Description is asked for, but a notice without one still goes out: the
// notifier writes a plain one from Kind and Reference, so a failure notice
// is never lost over a missing sentence.
func TestEmptyDescriptionGetsDefault(t *testing.T) {
	noLambdaEnv(t)
	// The description expected → the notice without one.
	tests := map[string]errnotify.Notice{
		"late notice for reference VAL-1":        {Kind: "late", Reference: "VAL-1"},
		"send failed notice for reference VAL-1": {Kind: "send_failed", Reference: "VAL-1"},
		"duplicate notice":                       {Kind: "duplicate"},
		"failure notice for reference VAL-2":     {Reference: "VAL-2"},
		"failure notice":                         {},
		"late notice":                            {Description: " \n\t", Kind: "late"},
		"failure notice for reference " + sfnctx.TokenPlaceholder(token): {
			Reference: token, Token: token},
	}
	for want, notice := range tests {
		t.Run(want, func(t *testing.T) {
			fake := &recordingSNS{}
			require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(), notice))
			assert.Equal(t, want, fake.envelope(t).Description)
			assert.NotContains(t, *fake.only(t).Message, token)
		})
	}
}

// A context object that lacks the execution id may still show that a
// notice is about another execution, by the execution name or the state
// machine it knows: the notice then takes neither its facts nor its token
// as fingerprint, yet the context's token is still redacted.
func TestNoticeAboutAnotherExecutionPartialContext(t *testing.T) {
	noLambdaEnv(t)
	const ctxToken = "context-token-0123456789"
	other := "arn:aws:states:eu-west-1:123456789012:execution:other:run-43"
	otherMachine := "arn:aws:states:eu-west-1:123456789012:stateMachine:other"
	tests := []struct {
		name    string
		context sfnctx.Context
		notice  errnotify.Notice
	}{
		{"execution name and machine", sfnctx.Context{
			Execution:    sfnctx.Execution{Name: "run-42"},
			StateMachine: sfnctx.StateMachine{ID: machineARN}, State: sfnctx.State{Name: "S"},
		}, errnotify.Notice{ExecutionARN: other}},
		{"execution name only", sfnctx.Context{Execution: sfnctx.Execution{Name: "run-42"}},
			errnotify.Notice{ExecutionARN: other}},
		{"state machine only", sfnctx.Context{StateMachine: sfnctx.StateMachine{ID: machineARN}},
			errnotify.Notice{ExecutionARN: other}},
		{"notice names a state machine", sfnctx.Context{
			Execution: sfnctx.Execution{ID: executionARN}, State: sfnctx.State{Name: "S"},
		}, errnotify.Notice{StateMachineARN: otherMachine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.context
			c.Task.Token = ctxToken
			tt.notice.Description = "seen " + ctxToken
			fake := &recordingSNS{}
			require.NoError(t, errnotify.New(fake, topicARN).Notify(
				sfnctx.NewContext(t.Context(), &c), tt.notice))

			env := fake.envelope(t)
			assert.Empty(t, env.TokenFingerprint, "the context's token is not this notice's")
			assert.Equal(t, otherMachine, env.StateMachineARN)
			assert.Empty(t, env.StateName)
			assert.Equal(t, "seen "+sfnctx.TokenPlaceholder(ctxToken), env.Description)
			assert.NotContains(t, *fake.only(t).Message, ctxToken)
		})
	}
}

// A context object whose known facts agree with the notice's execution
// vouches for it: its token is the notice's fingerprint.
func TestNoticeAboutSameExecutionPartialContext(t *testing.T) {
	noLambdaEnv(t)
	tests := map[string]sfnctx.Context{
		"execution name and machine": {Execution: sfnctx.Execution{Name: "run-42"},
			StateMachine: sfnctx.StateMachine{ID: machineARN}},
		"qualified machine": {StateMachine: sfnctx.StateMachine{ID: machineARN + ":prod"}},
		"map run child": {Execution: sfnctx.Execution{ID: executionARN},
			StateMachine: sfnctx.StateMachine{ID: machineARN + "/Valuations"}},
	}
	for name, c := range tests {
		t.Run(name, func(t *testing.T) {
			c.Task.Token = token
			c.State.Name = "WaitForValuation"
			fake := &recordingSNS{}
			require.NoError(t, errnotify.New(fake, topicARN).Notify(
				sfnctx.NewContext(t.Context(), &c),
				errnotify.Notice{Description: "d", ExecutionARN: executionARN}))
			env := fake.envelope(t)
			assert.Equal(t, sfnctx.TokenFingerprint(token), env.TokenFingerprint)
			assert.Equal(t, "WaitForValuation", env.StateName)
		})
	}
}
