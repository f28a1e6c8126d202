package errnotify

import (
	"errors"
	"strings"
)

// Sentinel errors. Every error this package returns matches one of them with
// errors.Is and is an [*Error] carrying the details.
var (
	// ErrPublish means SNS did not accept the notice; the AWS error is the
	// cause, reachable with errors.As.
	ErrPublish = errors.New("errnotify: publish failed")
	// ErrNotConfigured means the Notifier has no SNS client or no topic ARN.
	ErrNotConfigured = errors.New("errnotify: not configured")
	// ErrTooLarge means the notice does not fit in Options.MaxBytes even
	// with every cuttable field emptied.
	ErrTooLarge = errors.New("errnotify: notice too large")
)

// Error is the typed error of this package. It unwraps to its sentinel
// ([ErrPublish], [ErrNotConfigured] or [ErrTooLarge]) and to the cause.
type Error struct {
	// TopicARN is the topic the notice was for.
	TopicARN string
	// NoticeKind and Reference identify the notice (Notice.Kind and
	// Notice.Reference).
	NoticeKind string
	Reference  string
	// Kind is the sentinel this error matches.
	Kind error
	// Cause is the underlying error, such as the AWS error from Publish.
	Cause error
}

// Error returns "errnotify: <what failed>: topic ...: <cause>".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	if e.TopicARN != "" {
		b.WriteString(": topic " + e.TopicARN)
	}
	if e.NoticeKind != "" {
		b.WriteString(": kind " + e.NoticeKind)
	}
	if e.Reference != "" {
		b.WriteString(": reference " + e.Reference)
	}
	if e.Cause != nil {
		b.WriteString(": " + e.Cause.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel and the cause.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Cause}
}
