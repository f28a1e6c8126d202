package errnotify

import (
	"errors"
	"strings"
	"unicode/utf8"
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

// Error returns "errnotify: <what failed>: topic ...: <cause>", with the
// notice's kind and reference on one line and cut to 200 bytes.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	if e.TopicARN != "" {
		b.WriteString(": topic " + e.TopicARN)
	}
	if e.NoticeKind != "" {
		b.WriteString(": kind " + short(e.NoticeKind))
	}
	if e.Reference != "" {
		b.WriteString(": reference " + short(e.Reference))
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

// short keeps a caller's text in an error message on one line and within
// 200 bytes, cut on a UTF-8 boundary; the field keeps the whole value.
func short(s string) string {
	const limit = 200
	if len(s) > limit {
		keep := limit
		for keep > 0 && !utf8.RuneStart(s[keep]) {
			keep--
		}
		s = s[:keep] + "..."
	}
	return strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(s)
}
