package callback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// NoticeKind returns the errnotify.Notice Kind for an error of kind: "late",
// "duplicate", "unknown_reference", "invalid_token", "task_not_found",
// "invalid_output", "outcome_unknown", "store_failed" or "send_failed".
// It returns "" for kinds that are not reported ([ErrInFlight],
// [ErrInvalidInput], [ErrNotConfigured]).
func NoticeKind(kind error) string {
	switch kind {
	case ErrLate:
		return "late"
	case ErrDuplicate:
		return "duplicate"
	case ErrUnknownReference:
		return "unknown_reference"
	case ErrInvalidToken:
		return "invalid_token"
	case ErrTaskNotFound:
		return "task_not_found"
	case ErrInvalidOutput:
		return "invalid_output"
	case ErrOutcomeUnknown:
		return "outcome_unknown"
	case ErrStore:
		return "store_failed"
	case ErrSendFailed:
		return "send_failed"
	}
	return ""
}

// report hands a closed-task error to the hook, the logger and the
// notifier, and returns it, joined with the notifier's error if Notify
// failed. token is used only for the notice, which fingerprints it. rec,
// when known, gives the execution and state.
func (c *Client) report(ctx context.Context, e *Error, token string, rec *tokenstore.Record) error {
	if ctx == nil { // refused as ErrInvalidInput by the caller; the hooks get a real one
		ctx = context.Background()
	}
	if rec != nil {
		locate(e, rec)
		if token == "" {
			token = rec.Token
		}
	}
	kind := NoticeKind(e.Kind)
	if kind == "" {
		return e
	}
	if e.Replayed {
		c.log(ctx, slog.LevelInfo, e)
		return e
	}
	if c.options.OnClosedTask != nil {
		c.options.OnClosedTask(ctx, e)
	}
	c.log(ctx, slog.LevelWarn, e)
	if c.options.Notifier == nil {
		return e
	}
	n := notice(kind, e, token, rec)
	if err := c.options.Notifier.Notify(ctx, n); err != nil {
		return errors.Join(e, fmt.Errorf("callback: notify %s: %w", kind, err))
	}
	return e
}

// locate fills in e what rec knows of the waiting state: execution, state
// name, deadline and the token's fingerprint.
func locate(e *Error, rec *tokenstore.Record) {
	e.ExecutionARN, e.StateName = rec.ExecutionARN, rec.StateName
	if e.Deadline.IsZero() {
		e.Deadline = rec.Deadline
	}
	if e.TokenFingerprint == "" {
		e.TokenFingerprint = fingerprint(rec.Token)
	}
}

// notice builds the errnotify.Notice for e.
func notice(kind string, e *Error, token string, rec *tokenstore.Record) errnotify.Notice {
	n := errnotify.Notice{
		Description:  describe(kind, e),
		Kind:         kind,
		Reference:    e.Reference,
		ExecutionARN: e.ExecutionARN,
		StateName:    e.StateName,
		Token:        token,
		Err:          e,
	}
	if rec != nil {
		n.StateMachineARN, n.RetryCount = rec.StateMachineARN, rec.RetryCount
	}
	return n
}

// descriptions are the sentences of the notices, by kind; %s is what the
// callback was for ("reference X" or "token <fingerprint>").
var descriptions = map[string]string{
	"late": "late callback for %s: the task timed out or its execution ended " +
		"before it was answered",
	"duplicate":         "duplicate callback for %s: the task was already completed",
	"unknown_reference": "callback for unknown %s: no task token is stored under it",
	"invalid_token":     "callback for %s not sent: the task token is invalid",
	"task_not_found":    "callback for %s not sent: Step Functions does not know the task",
	"invalid_output":    "callback for %s refused: the output is not JSON or is too big",
	"outcome_unknown": "callback for %s: no answer from Step Functions, the task may " +
		"or may not be completed",
	"store_failed": "callback for %s: the token store failed",
	"send_failed":  "callback for %s not sent: Step Functions refused it",
}

// describe is a notice's Description: a plain sentence saying what
// happened to the callback, without the error chain (which the notice
// carries in Err).
func describe(kind string, e *Error) string {
	subject := "token " + e.TokenFingerprint
	if e.Reference != "" {
		subject = "reference " + shorten(e.Reference, 128)
	}
	text := fmt.Sprintf(descriptions[kind], subject)
	switch {
	case e.Kind == ErrDuplicate && e.PriorOutcome != "" && !e.PriorAt.IsZero():
		text += fmt.Sprintf(" (%s at %s)", e.PriorOutcome,
			e.PriorAt.UTC().Format(time.RFC3339))
	case e.Kind == ErrDuplicate && e.PriorOutcome != "":
		text += " (" + string(e.PriorOutcome) + ")"
	case e.AWSCode != "" && e.Kind == ErrSendFailed:
		text += " (" + e.AWSCode + ")"
	}
	return text
}

// reportCut publishes the full error code and cause of a failure that had to
// be cut to fit the limits, so the whole text is not lost. Failing to
// notify does not stop the failure: it is logged.
func (c *Client) reportCut(ctx context.Context, reference, code, cause string, r *request) {
	if r.errorCode == code && r.cause == cause {
		return
	}
	c.log(ctx, slog.LevelInfo, &Error{Op: r.op, Reference: reference,
		TokenFingerprint: fingerprint(r.token), Detail: "error code or cause cut to fit"})
	if c.options.Notifier == nil {
		return
	}
	n := errnotify.Notice{
		Description: fmt.Sprintf("callback: failure sent with error code or cause cut "+
			"(code %d bytes, cause %d bytes); full text attached", len(code), len(cause)),
		Kind:      "failure_cut",
		Reference: reference,
		Token:     r.token,
		Extra:     map[string]any{"error_code": code, "cause": cause},
	}
	if err := c.options.Notifier.Notify(ctx, n); err != nil {
		c.log(ctx, slog.LevelWarn, &Error{Op: r.op, Reference: reference,
			TokenFingerprint: fingerprint(r.token), Detail: "notify failure_cut", Err: err})
	}
}

// log writes e to the configured logger, if any. The message is e's text,
// which never holds a token.
func (c *Client) log(ctx context.Context, level slog.Level, e *Error) {
	if c.options.Logger == nil {
		return
	}
	c.options.Logger.LogAttrs(ctx, level, e.Error(),
		slog.String("op", e.Op),
		slog.String("kind", NoticeKind(e.Kind)),
		slog.String("reference", e.Reference),
		slog.String("token_fingerprint", e.TokenFingerprint),
		slog.String("execution_arn", e.ExecutionARN),
		slog.String("aws_code", e.AWSCode),
	)
}
