package errnotify

import (
	"strings"
	"time"
)

// Notice is one failure to publish. Give at least a Description; the
// [Notifier] chooses the envelope's source and fills the Step Functions
// facts and the Lambda facts from the context.Context it is given when the
// notice leaves them empty (see [Envelope]).
type Notice struct {
	// Description says in words what failed. When it is empty or blank
	// the notice still goes out, with a plain description written from
	// Kind and Reference, such as "late notice for reference VAL-1" (or
	// "failure notice" when both are empty): a failure notice is never
	// held back for want of a sentence.
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

// description returns the notice's description, or one written from its
// kind and reference when it has none.
func description(notice Notice) string {
	if strings.TrimSpace(notice.Description) != "" {
		return notice.Description
	}
	d := "failure notice"
	if kind := strings.TrimSpace(strings.ReplaceAll(notice.Kind, "_", " ")); kind != "" {
		d = kind + " notice"
	}
	if notice.Reference != "" {
		d += " for reference " + notice.Reference
	}
	return d
}
