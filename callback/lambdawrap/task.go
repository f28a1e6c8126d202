package lambdawrap

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"runtime/debug"
	"strings"
	"time"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/sfnctx"
)

// Default event fields a task worker reads.
const (
	// DefaultTokenField is the event field holding the task token.
	DefaultTokenField = "taskToken"
	// DefaultContextField is the event field holding the context object.
	DefaultContextField = "ctx"
)

// DefaultSendReserve is the time kept for sending the outcome before the
// invocation's deadline, unless TaskOptions.SendReserve says otherwise.
const DefaultSendReserve = time.Second

// Outcomes a [TaskResult] reports. A task found closed reports the
// callback.NoticeKind of the error instead: "late", "duplicate",
// "task_not_found" or "invalid_token".
const (
	OutcomeSucceeded = "succeeded"
	OutcomeFailed    = "failed"
	OutcomeLate      = "late"
	OutcomeDuplicate = "duplicate"
	// OutcomeNotSent: the outcome could not be sent (the invocation fails
	// with [ErrNotSent]); Step Functions has nothing from this invocation,
	// and Lambda's retry sends the remembered outcome.
	OutcomeNotSent = "not_sent"
)

// TaskOptions configure a task worker built with [Task]. The zero value is
// valid.
type TaskOptions struct {
	// TokenField is the event field holding the task token. Default
	// [DefaultTokenField]. When the event has no such field, the token of
	// the context object in ContextField is used, if there is one.
	TokenField string
	// ContextField is the event field holding the context object, if the
	// state passes it. Default [DefaultContextField].
	ContextField string
	// PayloadField is the event field the handler's input is decoded from.
	// Default "": the whole event without TokenField and ContextField.
	PayloadField string

	// HeartbeatInterval, when positive, makes the worker send a heartbeat
	// that often while the handler runs (see callback.Client.KeepAlive and
	// callback.HeartbeatInterval). Default 0: no heartbeats.
	HeartbeatInterval time.Duration
	// SendReserve is the part of the Lambda invocation's time kept for
	// sending the outcome: the handler's context ends that much before the
	// invocation's deadline, so a handler that runs too long still has its
	// failure sent rather than leaving the execution waiting. Default
	// [DefaultSendReserve]; negative turns it off. No effect when the
	// context has no deadline.
	SendReserve time.Duration
	// DefaultErrorCode is sent for a handler error with no [ErrorCoder] in
	// its chain. Default [DefaultErrorCode].
	DefaultErrorCode string
	// MaxStackBytes bounds the stack trace of a panic in the cause. Default
	// [DefaultMaxStackBytes].
	MaxStackBytes int
	// RememberTasks is how many task tokens the worker remembers having
	// handled, so that Lambda's retry of an invocation neither runs the
	// handler again nor sends twice. Default [DefaultRememberTasks];
	// negative turns the memory off.
	RememberTasks int
}

// withDefaults returns o with every zero field set to its default.
func (o TaskOptions) withDefaults() TaskOptions {
	if o.TokenField == "" {
		o.TokenField = DefaultTokenField
	}
	if o.ContextField == "" {
		o.ContextField = DefaultContextField
	}
	if o.DefaultErrorCode == "" {
		o.DefaultErrorCode = DefaultErrorCode
	}
	if o.MaxStackBytes <= 0 {
		o.MaxStackBytes = DefaultMaxStackBytes
	}
	if o.RememberTasks == 0 {
		o.RememberTasks = DefaultRememberTasks
	}
	if o.SendReserve == 0 {
		o.SendReserve = DefaultSendReserve
	}
	return o
}

// TaskResult is what a wrapped task handler returns to Lambda. Step
// Functions ignores it (the task's output is the callback); it shows in
// the Lambda console, logs and destinations.
type TaskResult struct {
	// Outcome is what Step Functions was told: [OutcomeSucceeded] or
	// [OutcomeFailed] once the outcome is sent; [OutcomeNotSent] when the
	// send failed; for a task found closed, the kind of the closed-task
	// error ("late", "duplicate", ...). Empty when the invocation failed
	// before the handler ran (no usable token).
	Outcome string `json:"outcome"`
	// TokenFingerprint identifies the task token.
	TokenFingerprint string `json:"tokenFingerprint"`
	// ErrorCode is the error code sent with a failure; empty unless
	// Outcome is [OutcomeFailed].
	ErrorCode string `json:"errorCode,omitempty"`
	// Replayed is set when the invocation repeated one already handled in
	// this process: nothing ran and nothing was sent.
	Replayed bool `json:"replayed,omitempty"`
}

// Task wraps handler as a Lambda handler for a state using
// arn:aws:states:::lambda:invoke.waitForTaskToken; pass the result to
// lambda.Start. See the package docs for what it reads from the event, how
// it answers Step Functions and when the invocation fails. With a nil
// client every invocation fails with [ErrNotSent] before the handler runs.
func Task[In, Out any](client *callback.Client, handler func(context.Context, In) (Out, error),
	optFns ...func(*TaskOptions)) func(context.Context, json.RawMessage) (TaskResult, error) {
	var o TaskOptions
	for _, fn := range optFns {
		fn(&o)
	}
	o = o.withDefaults()
	w := &worker[In, Out]{client: client, handler: handler, options: o,
		memory: newInvocations(o.RememberTasks)}
	return w.handle
}

// worker runs one wrapped handler.
type worker[In, Out any] struct {
	client  *callback.Client
	handler func(context.Context, In) (Out, error)
	options TaskOptions
	memory  *invocations
}

// handle is the Lambda handler: read the event, run or replay, send.
func (w *worker[In, Out]) handle(ctx context.Context, event json.RawMessage) (TaskResult, error) {
	if w.client == nil {
		return TaskResult{Outcome: OutcomeNotSent}, &Error{Kind: ErrNotSent,
			Detail: "no callback client: Task was given nil"}
	}
	ev, err := readEvent(event, w.options)
	if err != nil {
		return TaskResult{}, err
	}
	fp := sfnctx.TokenFingerprint(ev.token)
	prior, next := w.memory.begin(ev.token)
	switch next {
	case stepReplay:
		prior.result.Replayed = true
		return prior.result, nil
	case stepBusy:
		return TaskResult{}, &Error{Kind: ErrInFlight, TokenFingerprint: fp}
	case stepResend:
		return w.send(ctx, ev.token, prior.outcome)
	}
	ctx = sfnctx.NewContext(ctx, ev.context)
	runCtx, cancel := w.handlerContext(ctx)
	out, gone, err := w.run(runCtx, ev)
	cancel()
	if err == nil && gone == nil {
		out = timedOut(runCtx, out, ev.token)
	}
	switch {
	case err != nil:
		w.memory.forget(ev.token)
		return TaskResult{}, err
	case gone != nil:
		result := TaskResult{Outcome: callback.NoticeKind(gone.Kind), TokenFingerprint: fp}
		w.memory.settle(ev.token, invocation{phase: phaseDone, result: result})
		return result, nil
	}
	return w.send(ctx, ev.token, out)
}

// handlerContext returns the context the handler runs in: ctx ending
// SendReserve before ctx's deadline, so the send has time left; its cause
// is errReserveReached when that deadline ends it.
func (w *worker[In, Out]) handlerContext(ctx context.Context) (context.Context,
	context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok || w.options.SendReserve <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithDeadlineCause(ctx, deadline.Add(-w.options.SendReserve),
		errReserveReached)
}

// run decodes the handler's input and runs the handler, with heartbeats
// when configured. gone is the heartbeat's error when Step Functions said
// the task is closed; err is set when the token was refused before the
// handler ran.
func (w *worker[In, Out]) run(ctx context.Context, ev *taskEvent) (
	out outcome, gone *callback.Error, err error) {
	if ev.problem != nil {
		return invalidEvent(ev.problem, ev.token), nil, nil
	}
	var in In
	if err := json.Unmarshal(ev.payload, &in); err != nil {
		return invalidEvent(&Error{Kind: ErrInvalidEvent, Field: w.options.PayloadField,
			Detail: "payload does not decode", Err: err}, ev.token), nil, nil
	}
	if errors.Is(context.Cause(ctx), errReserveReached) {
		return noTimeToRun(ctx, w.options.SendReserve), nil, nil
	}
	if w.options.HeartbeatInterval <= 0 {
		return w.call(ctx, in, ev.token), nil, nil
	}
	ran := false
	err = w.client.KeepAlive(ctx, ev.token, w.options.HeartbeatInterval,
		func(ctx context.Context) error {
			ran = true
			out = w.call(ctx, in, ev.token)
			return nil
		})
	if err == nil {
		return out, nil, nil
	}
	if !ran {
		return out, nil, &Error{Kind: callback.ErrInvalidToken,
			TokenFingerprint: sfnctx.TokenFingerprint(ev.token), Err: err}
	}
	if !errors.As(err, &gone) {
		gone = &callback.Error{Op: callback.OpHeartbeat, Kind: callback.ErrLate, Err: err}
	}
	return out, gone, nil
}

// invalidEvent is the failure sent for an event the handler cannot take.
func invalidEvent(problem error, token string) outcome {
	return outcome{failed: true, errorCode: InvalidEventErrorCode,
		cause: scrub(problem.Error(), token)}
}

// call runs the handler and turns its result, error or panic into the
// outcome to send.
func (w *worker[In, Out]) call(ctx context.Context, in In, token string) (o outcome) {
	defer func() {
		if v := recover(); v != nil {
			cause := panicCause(v, debug.Stack(), w.options.MaxStackBytes)
			o = outcome{failed: true, panicked: true, errorCode: PanicErrorCode,
				cause: scrub(cause, token)}
		}
	}()
	result, err := w.handler(ctx, in)
	if err != nil {
		code := errorCode(err, "")
		return outcome{failed: true, errorCode: cmp.Or(code, w.options.DefaultErrorCode),
			defaultCode: code == "", cause: scrub(err.Error(), token)}
	}
	raw, err := json.Marshal(result)
	if err != nil {
		return outcome{failed: true, errorCode: OutputRefusedErrorCode,
			cause: "marshal output: " + scrub(err.Error(), token)}
	}
	return outcome{output: raw}
}

// send sends o for the task of token and decides how the invocation ends:
// cleanly once the outcome is sent or the task is found closed, with
// [ErrNotSent] when the send failed (the outcome is kept for the retry),
// and with [ErrPanicked] after a panic.
func (w *worker[In, Out]) send(ctx context.Context, token string, o outcome) (TaskResult, error) {
	fp := sfnctx.TokenFingerprint(token)
	err := w.deliver(ctx, token, &o)
	result := TaskResult{Outcome: OutcomeSucceeded, TokenFingerprint: fp}
	if o.failed {
		result.Outcome, result.ErrorCode = OutcomeFailed, o.errorCode
	}
	var sendErr error
	switch {
	case err == nil:
	case errors.Is(err, callback.ErrTaskClosed):
		result.Outcome = closedOutcome(err)
	default:
		w.memory.settle(token, invocation{phase: phaseUnsent, outcome: o})
		sendErr = &Error{Kind: ErrNotSent, TokenFingerprint: fp, Err: err}
		result.Outcome, result.ErrorCode = OutcomeNotSent, ""
	}
	if sendErr == nil {
		w.memory.settle(token, invocation{phase: phaseDone, result: result})
	}
	if o.panicked {
		return result, errors.Join(&Error{Kind: ErrPanicked, TokenFingerprint: fp,
			Detail: panicSummary(o.cause)}, sendErr)
	}
	return result, sendErr
}

// deliver sends o. An output Step Functions would refuse (over the size
// limit) is replaced, in o too, by a failure carrying its size and hash.
func (w *worker[In, Out]) deliver(ctx context.Context, token string, o *outcome) error {
	if o.failed {
		return w.client.Fail(ctx, token, o.errorCode, o.cause)
	}
	err := w.client.SucceedJSON(ctx, token, o.output)
	var refused *callback.Error
	if !errors.Is(err, callback.ErrInvalidOutput) || !errors.As(err, &refused) {
		return err
	}
	*o = outcome{failed: true, errorCode: OutputRefusedErrorCode, cause: refused.FallbackCause()}
	return w.client.Fail(ctx, token, o.errorCode, o.cause)
}

// closedOutcome names the closed-task error err holds.
func closedOutcome(err error) string {
	var ce *callback.Error
	if errors.As(err, &ce) {
		return callback.NoticeKind(ce.Kind)
	}
	if errors.Is(err, callback.ErrDuplicate) {
		return OutcomeDuplicate
	}
	return OutcomeLate
}

// panicSummary is the first line of a panic's cause, cut short.
func panicSummary(cause string) string {
	line, _, _ := strings.Cut(cause, "\n")
	if len(line) > 200 {
		line = cutUTF8(line, 200) + "…"
	}
	return line
}
