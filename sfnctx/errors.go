package sfnctx

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error this package returns matches one of them with
// errors.Is and is an [*Error] carrying the details.
var (
	// ErrNotObject means the data is not a JSON object (or not JSON at all).
	ErrNotObject = errors.New("sfnctx: not a JSON object")
	// ErrNotContext means the object holds none of the context object's
	// sections (Execution, State, StateMachine, Task): the state passed
	// something else, for example "$$.Task" instead of "$$".
	ErrNotContext = errors.New("sfnctx: not a context object")
	// ErrMissingField means the event has no such field, or it is null.
	ErrMissingField = errors.New("sfnctx: missing field")
	// ErrInvalidField means a field of the context object has the wrong
	// JSON type, a time that is not RFC 3339 or a count that is not a
	// whole number.
	ErrInvalidField = errors.New("sfnctx: invalid field")
	// ErrInvalidARN means a string is not a Step Functions ARN of the
	// expected kind.
	ErrInvalidARN = errors.New("sfnctx: invalid ARN")
)

// Error is the typed error of this package. It unwraps to its sentinel
// ([ErrNotObject], [ErrNotContext], [ErrMissingField], [ErrInvalidField] or
// [ErrInvalidARN]) and to the underlying cause, if any.
type Error struct {
	// Op names what failed: "decode", "decode event", "parse execution
	// arn", "parse state machine arn" or "console url".
	Op string
	// Field names the event field or context object field involved.
	Field string
	// ARN is the text that failed to parse as an ARN. The error text quotes
	// it only when it starts with "arn:": other text could be anything, a
	// task token passed by mistake included.
	ARN string
	// Kind is the sentinel this error matches.
	Kind error
	// Cause is the underlying error (from encoding/json or aws/arn), if any.
	Cause error
}

// Error returns "sfnctx: <op>: <what failed>[: field ...][: cause]".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("sfnctx: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(strings.TrimPrefix(e.Kind.Error(), "sfnctx: "))
	if e.Field != "" {
		b.WriteString(" " + quote(e.Field))
	}
	if e.ARN != "" {
		b.WriteString(" " + quoteARN(e.ARN))
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

// quote keeps error text on one line and short, whatever the input was.
func quote(s string) string {
	const limit = 300
	if len(s) > limit {
		s = cutUTF8(s, limit) + "..."
	}
	return `"` + strings.NewReplacer("\n", `\n`, "\r", `\r`, `"`, `\"`).Replace(s) + `"`
}

// quoteARN quotes s when it looks like an ARN and otherwise gives only its
// length, so a secret passed where an ARN belongs stays out of the text.
func quoteARN(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return "(not an ARN, " + strconv.Itoa(len(s)) + " bytes, not quoted)"
	}
	return quote(s)
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does not
// split a UTF-8 sequence.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
