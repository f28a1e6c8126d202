package tokenstore

import "time"

// Status is where a [Record] stands in its lifecycle.
type Status string

// The statuses of a record. PENDING and CLAIMED are open; the others are
// final and never change again.
const (
	StatusPending   Status = "PENDING"
	StatusClaimed   Status = "CLAIMED"
	StatusSucceeded Status = "SUCCEEDED"
	StatusFailed    Status = "FAILED"
	StatusLate      Status = "LATE"
)

// Completed reports whether s is a final status.
func (s Status) Completed() bool {
	return s == StatusSucceeded || s == StatusFailed || s == StatusLate
}

// Limits on what a record holds, checked before any write.
const (
	// MaxReferenceBytes is the longest reference accepted.
	MaxReferenceBytes = 1024
	// MaxTokenBytes is the longest task token Step Functions issues.
	MaxTokenBytes = 2048
	// MaxFieldBytes is the longest ExecutionARN, StateMachineARN,
	// StateName, ErrorCode, OutputHash or claim id accepted.
	MaxFieldBytes = 2048
	// MaxAttempt is the largest attempt a save may name: the largest
	// integer a float64 holds exactly, so that engines and readers that
	// compare numbers as float64 order attempts right.
	MaxAttempt = 1<<53 - 1
)

// Record is the stored state of one business reference.
type Record struct {
	// Reference is the business key the external party calls back with.
	Reference string
	// Token is the task token. It is a secret: never log it.
	Token string
	// Status is where the record stands.
	Status Status
	// Attempt counts the tokens saved for this reference, starting at 1.
	Attempt int64

	// ExecutionARN, StateMachineARN, StateName, EnteredTime and RetryCount
	// describe the waiting state, when the caller knows them.
	ExecutionARN    string
	StateMachineARN string
	StateName       string
	EnteredTime     time.Time
	RetryCount      int

	// CreatedAt is when this attempt was saved.
	CreatedAt time.Time
	// Deadline is when the waiting state times out; zero when unknown.
	Deadline time.Time
	// ExpiresAt is when the record stops counting (and DynamoDB TTL may
	// delete it).
	ExpiresAt time.Time

	// ClaimID and LeaseEnd identify the current claim while CLAIMED.
	ClaimID  string
	LeaseEnd time.Time

	// CompletedAt, ErrorCode and OutputHash describe the completion once the
	// status is final.
	CompletedAt time.Time
	ErrorCode   string
	OutputHash  string
}

// Completion is what [Store.Complete] writes back.
type Completion struct {
	// Outcome is StatusSucceeded, StatusFailed or StatusLate.
	Outcome Status
	// ErrorCode is the error sent with a failure.
	ErrorCode string
	// OutputHash is a hash of the output sent with a success.
	OutputHash string
}
