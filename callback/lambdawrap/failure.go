package lambdawrap

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tasktoken/tasktoken/sfnctx"
)

// Error codes the worker sends when the handler's error carries none.
const (
	// DefaultErrorCode is sent for a handler error without an
	// [ErrorCoder] in its chain, unless TaskOptions.DefaultErrorCode says
	// otherwise.
	DefaultErrorCode = "TaskFailed"
	// PanicErrorCode is sent when the handler panics.
	PanicErrorCode = "TaskPanicked"
	// InvalidEventErrorCode is sent when the event holds a usable token but
	// its payload or context object cannot be decoded for the handler.
	InvalidEventErrorCode = "InvalidTaskEvent"
	// OutputRefusedErrorCode is sent when the handler's output cannot be
	// marshalled or is over callback.MaxOutputBytes. The cause gives the
	// size, the limit and the output's SHA-256, never the output.
	OutputRefusedErrorCode = "TaskOutputRefused"
	// HandlerTimedOutErrorCode is sent when the handler's context ended
	// by its deadline (TaskOptions.SendReserve before the invocation's) and
	// the handler returned an error without an [ErrorCoder]; also when the
	// invocation had less time left than SendReserve, so the handler was
	// not started. A Catch on it tells a worker that ran out of time from
	// a handler error ([DefaultErrorCode]).
	HandlerTimedOutErrorCode = "TaskHandlerTimedOut"
)

// DefaultMaxStackBytes is how much of a panicking handler's stack trace
// goes into the cause, unless TaskOptions.MaxStackBytes says otherwise.
const DefaultMaxStackBytes = 8192

// ErrorCoder is implemented by errors that choose the error code sent to
// Step Functions, the name a Catch or Retry of the state matches on. The
// worker finds it in the handler's error chain with errors.As; AWS SDK
// errors (smithy.APIError) implement it with their AWS error code.
type ErrorCoder interface {
	ErrorCode() string
}

// WithCode returns err carrying code: the worker sends code as the
// failure's error code. err stays reachable with errors.Is and errors.As.
func WithCode(code string, err error) error {
	return &codedError{code: code, err: err}
}

// codedError is an error with the error code a worker sends for it.
type codedError struct {
	code string
	err  error
}

func (e *codedError) Error() string {
	if e.err == nil {
		return e.code
	}
	return e.err.Error()
}

func (e *codedError) ErrorCode() string { return e.code }
func (e *codedError) Unwrap() error     { return e.err }

// errorCode returns the code of the first ErrorCoder in err's chain that
// gives a non-empty one, else fallback.
func errorCode(err error, fallback string) string {
	var coder ErrorCoder
	if errors.As(err, &coder) && coder.ErrorCode() != "" {
		return coder.ErrorCode()
	}
	return fallback
}

// stackCutMarker ends a stack trace that was cut to fit.
const stackCutMarker = "\n…[stack cut]"

// panicCause describes a recovered panic with its stack, cut to maxStack
// bytes on a character boundary.
func panicCause(value any, stack []byte, maxStack int) string {
	trace := string(stack)
	if len(trace) > maxStack {
		trace = cutUTF8(trace, maxStack) + stackCutMarker
	}
	return fmt.Sprintf("panic: %v\n\n%s", value, trace)
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does not
// split a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// scrub replaces every copy of token in text with its fingerprint: an
// error message or panic value may quote the event it came from.
func scrub(text, token string) string {
	if token == "" || !strings.Contains(text, token) {
		return text
	}
	return strings.ReplaceAll(text, token, sfnctx.TokenPlaceholder(token))
}
