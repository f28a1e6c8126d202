package lambdawrap

import (
	"errors"
	"strings"
)

// Sentinels matched with errors.Is. Every error a wrapped task handler
// returns to Lambda is an [*Error] whose Kind is one of them (or
// callback.ErrInvalidToken for a malformed token).
var (
	// ErrMissingToken: the event's task token field is absent, null or
	// empty, and the context object holds no token either. The handler did
	// not run and nothing was sent.
	ErrMissingToken = errors.New("lambdawrap: missing task token")
	// ErrInvalidEvent: the event is not a JSON object, its token field is
	// not a string, or it holds a token other than the context object's.
	// The handler did not run and nothing was sent.
	ErrInvalidEvent = errors.New("lambdawrap: invalid event")
	// ErrPanicked: the handler panicked. A failure with [PanicErrorCode]
	// was sent to Step Functions before the invocation failed.
	ErrPanicked = errors.New("lambdawrap: handler panicked")
	// ErrNotSent: the outcome could not be sent to Step Functions. The
	// invocation fails so that Lambda retries it; the retry sends the
	// remembered outcome without running the handler again.
	ErrNotSent = errors.New("lambdawrap: outcome not sent")
	// ErrInFlight: an earlier invocation for the same task token is still
	// running in this process.
	ErrInFlight = errors.New("lambdawrap: an invocation for this task is running")
)

// Error describes why a wrapped task handler failed its invocation. It
// never holds the task token, only its fingerprint.
type Error struct {
	// Kind is the sentinel the error matches.
	Kind error
	// Field names the event field involved, if any.
	Field string
	// TokenFingerprint identifies the token (see sfnctx.TokenFingerprint).
	TokenFingerprint string
	// Detail says more in words.
	Detail string
	// Err is the underlying error: the callback client's (an
	// *callback.Error) or the handler's.
	Err error
}

// Error returns "lambdawrap: <what failed>[: field ...][: detail][: cause]".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(kindText(e.Kind))
	if e.Field != "" {
		b.WriteString(": field " + quoteField(e.Field))
	}
	if e.TokenFingerprint != "" {
		b.WriteString(": token " + e.TokenFingerprint)
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel and the underlying error, if any.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// kindText is the sentinel's message, with the package prefix kept.
func kindText(kind error) string {
	if kind == nil {
		return "lambdawrap: failed"
	}
	text := kind.Error()
	if !strings.HasPrefix(text, "lambdawrap: ") {
		text = "lambdawrap: " + strings.TrimPrefix(text, "callback: ")
	}
	return text
}

// quoteField quotes an event field name for a message.
func quoteField(name string) string { return `"` + name + `"` }
