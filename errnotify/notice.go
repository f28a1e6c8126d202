package errnotify

import "time"

// Notice is one failure to publish. Only Description is required; the
// [Notifier] chooses the envelope's source and fills the Step Functions
// facts and the Lambda facts from the context.Context it is given when the
// notice leaves them empty (see [Envelope]).
type Notice struct {
	// Description says in words what failed.
	Description string
	// Kind classifies the failure, for example "late", "duplicate",
	// "unknown_reference" or "send_failed". It becomes a message attribute.
	Kind string
	// Reference is the business reference involved.
	Reference string
	// ExecutionARN, StateMachineARN, StateName and RetryCount locate the
	// waiting state.
	ExecutionARN    string
	StateMachineARN string
	StateName       string
	RetryCount      int
	// Token is the task token involved, if any. It is never published: the
	// notice carries its fingerprint instead.
	Token string
	// Err is the error being reported; its message is published.
	Err error
	// Time is when the failure happened; zero means now.
	Time time.Time
	// Extra holds further fields to publish beside the known ones, under
	// "extra" in the envelope. Values must encode as JSON; one that does not
	// is published as a note saying so.
	Extra map[string]any
}
