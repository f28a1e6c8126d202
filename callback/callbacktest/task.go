package callbacktest

import (
	"fmt"
	"time"

	"github.com/tasktoken/tasktoken/sfnctx"
)

// Status is where a simulated task stands.
type Status string

// The statuses of a simulated task.
const (
	StatusWaiting   Status = "WAITING"
	StatusSucceeded Status = "SUCCEEDED"
	StatusFailed    Status = "FAILED"
	StatusTimedOut  Status = "TIMED_OUT"
)

// TaskState is what happened to a simulated task.
type TaskState struct {
	// Status is where the task stands.
	Status Status
	// Output, Error and Cause are what completed the task.
	Output string
	Error  string
	Cause  string
	// Heartbeats counts the heartbeats accepted.
	Heartbeats int
	// ClosedAt is when the task was completed or timed out.
	ClosedAt time.Time
}

// task is the fake's record of one waiting task.
type task struct {
	status     Status
	opts       TaskOptions
	started    time.Time
	lastBeat   time.Time
	closedAt   time.Time
	output     string
	errorCode  string
	cause      string
	heartbeats int
}

// close completes t with status by call.
func (t *task) close(status Status, call Call) {
	t.status, t.closedAt = status, call.At
	t.output, t.errorCode, t.cause = call.Output, call.Error, call.Cause
}

func (t *task) state() TaskState {
	return TaskState{
		Status: t.status, Output: t.output, Error: t.errorCode, Cause: t.cause,
		Heartbeats: t.heartbeats, ClosedAt: t.closedAt,
	}
}

// The operations a [Call] records.
const (
	OpSendTaskSuccess   = "SendTaskSuccess"
	OpSendTaskFailure   = "SendTaskFailure"
	OpSendTaskHeartbeat = "SendTaskHeartbeat"
)

// Call is one attempt the fake answered.
type Call struct {
	// Op is the operation called.
	Op string
	// Token is the token sent. [Call.String] shows only its fingerprint.
	Token string
	// Output, Error and Cause are the values sent.
	Output string
	Error  string
	Cause  string
	// At is when the fake answered, on its clock.
	At time.Time
	// Err is the error answered, nil for success.
	Err error
}

// String describes the call with the token's fingerprint, never the token.
func (c Call) String() string {
	answer := "ok"
	if c.Err != nil {
		answer = c.Err.Error()
	}
	return fmt.Sprintf("%s token %s: %s", c.Op, sfnctx.TokenFingerprint(c.Token), answer)
}
