package callback

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// ErrTaskClosed matches every error saying the task no longer waits for
// this callback: both [ErrLate] and [ErrDuplicate] match it with errors.Is.
var ErrTaskClosed = errors.New("callback: task closed")

// Sentinels matched with errors.Is. Every error a [Client] returns for a
// refused or failed callback is an [*Error] whose Kind is one of them.
var (
	// ErrLate: the task timed out, or its execution ended, before this
	// callback. It matches ErrTaskClosed.
	ErrLate error = &closedSentinel{"callback: task closed before this callback (late)"}
	// ErrDuplicate: an earlier callback already completed the task. It
	// matches ErrTaskClosed.
	ErrDuplicate error = &closedSentinel{"callback: task already completed (duplicate)"}
	// ErrInFlight: another delivery holds the claim on this reference right
	// now; try again after its lease.
	ErrInFlight = errors.New("callback: another delivery is redeeming this reference")
	// ErrUnknownReference: no token is stored for this reference.
	ErrUnknownReference = errors.New("callback: no token stored for this reference")
	// ErrInvalidToken: the token is malformed, an unresolved placeholder,
	// mangled in transit, or Step Functions answered InvalidToken.
	ErrInvalidToken = errors.New("callback: invalid task token")
	// ErrTaskNotFound: Step Functions answered TaskDoesNotExist; the token
	// was issued by another account or region, or never at all.
	ErrTaskNotFound = errors.New("callback: task does not exist")
	// ErrInvalidOutput: the output is not JSON or is over [MaxOutputBytes];
	// the [*Error] carries the size and the limit.
	ErrInvalidOutput = errors.New("callback: invalid task output")
	// ErrOutcomeUnknown: the send may or may not have reached Step Functions
	// (a timeout or a cut connection after the request left).
	ErrOutcomeUnknown = errors.New("callback: outcome of the send is unknown")
	// ErrSendFailed: Step Functions refused or could not take the send for
	// a reason not listed above (throttling that outlasted the retries, a
	// KMS error, a service fault, an unknown error code). The AWS code stays
	// in [Error.AWSCode].
	ErrSendFailed = errors.New("callback: send failed")
	// ErrInvalidInput: an argument is unusable: a reference that is empty,
	// longer than tokenstore.MaxReferenceBytes or not valid UTF-8 (checked
	// with tokenstore.ValidateReference before the store is touched), a nil
	// context, a heartbeat interval that is not positive.
	ErrInvalidInput = errors.New("callback: invalid input")
	// ErrNotConfigured: the client cannot work as configured, whatever the
	// callback: a nil *Client, no Step Functions client (New was given nil),
	// no Store for a by-reference call, or a Store that refuses a valid
	// reference as invalid input (a nil *memstore.Store or
	// *tokenstore.DynamoStore, a DynamoStore without a client). The
	// deployment must be fixed; the callback itself may be fine.
	ErrNotConfigured = errors.New("callback: client not configured")
	// ErrStore: the token store failed for a reason other than the record's
	// state (the store's error is wrapped).
	ErrStore = errors.New("callback: token store failed")
)

// closedSentinel is a sentinel that also matches ErrTaskClosed.
type closedSentinel struct{ msg string }

func (s *closedSentinel) Error() string { return s.msg }
func (s *closedSentinel) Unwrap() error { return ErrTaskClosed }

// Error describes a refused or failed callback. It never holds the raw
// token, only its fingerprint. It unwraps to its sentinel (Kind), to the
// AWS or transport error (Err) and to the token store's error (StoreErr), so
// errors.Is(err, ErrLate) and errors.As(err, new(*types.TaskTimedOut)) both
// work.
type Error struct {
	// Op is the operation: "succeed", "fail" or "heartbeat"; empty for
	// [CheckToken].
	Op string
	// Kind is the sentinel the error matches.
	Kind error
	// Reference is the business reference, for by-reference calls.
	Reference string
	// TokenFingerprint identifies the token (see sfnctx.TokenFingerprint).
	TokenFingerprint string
	// ExecutionARN and StateName locate the waiting state, when the stored
	// record knows them.
	ExecutionARN string
	StateName    string
	// AWSCode and RequestID come from the Step Functions answer, if any.
	AWSCode   string
	RequestID string
	// OutputSize, Limit and OutputHash describe a refused output
	// ([ErrInvalidOutput]); OutputHash is the hex SHA-256 of the output.
	OutputSize int
	Limit      int
	OutputHash string
	// PriorOutcome and PriorAt tell how and when the task was completed
	// before, for [ErrDuplicate] and [ErrLate] answered from the store or
	// from this client's memory. Empty when unknown.
	PriorOutcome tokenstore.Status
	PriorAt      time.Time
	// PriorOutputHash ([OutputHash] of the output sent) and PriorErrorCode
	// (the error code sent, as cut to [MaxErrorCodeBytes]) tell what the
	// earlier completion sent, for [ErrDuplicate], when known.
	PriorOutputHash string
	PriorErrorCode  string
	// Replayed is set on an [ErrDuplicate] whose callback repeats the one
	// that completed the task: the same outcome with the same output hash
	// (a success) or the same error code (a failure). An at-least-once
	// sender that did not hear back sends the same callback again; a
	// replay is therefore neither handed to Options.OnClosedTask nor
	// notified, only logged at level Info.
	Replayed bool
	// Deadline is the stored deadline of the waiting state, if known.
	Deadline time.Time
	// Detail says more in words.
	Detail string
	// Err is the AWS or transport error, if any.
	Err error
	// StoreErr is the token store's error, if any.
	StoreErr error
}

// Error returns a lowercase one-line description without the token.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("callback:")
	if e.Op != "" {
		b.WriteString(" " + e.Op)
	}
	if e.Reference != "" {
		b.WriteString(" reference " + strconv.Quote(shorten(e.Reference, 64)))
	}
	if e.TokenFingerprint != "" {
		b.WriteString(" token " + e.TokenFingerprint)
	}
	if b.Len() > len("callback:") {
		b.WriteString(":")
	}
	b.WriteString(" " + kindText(e.Kind))
	e.writeFacts(&b)
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	if e.StoreErr != nil {
		b.WriteString(": " + e.StoreErr.Error())
	}
	return b.String()
}

func (e *Error) writeFacts(b *strings.Builder) {
	if e.Kind == ErrInvalidOutput && e.Limit > 0 && e.OutputSize > e.Limit {
		fmt.Fprintf(b, " (%d bytes, limit %d)", e.OutputSize, e.Limit)
	}
	if e.Replayed {
		b.WriteString(" (replayed: same outcome again)")
	} else if e.PriorOutcome != "" {
		fmt.Fprintf(b, " (first outcome %s", e.PriorOutcome)
		if !e.PriorAt.IsZero() {
			b.WriteString(" at " + e.PriorAt.UTC().Format(time.RFC3339Nano))
		}
		b.WriteString(")")
	}
	if e.AWSCode != "" {
		b.WriteString(" [" + e.AWSCode)
		if e.RequestID != "" {
			b.WriteString(" request " + e.RequestID)
		}
		b.WriteString("]")
	}
}

// Unwrap returns the sentinel, the AWS or transport error and the store's
// error, leaving out those that are nil.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 3)
	for _, err := range []error{e.Kind, e.Err, e.StoreErr} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// FallbackCause returns a short cause for the failure a caller sends after
// an oversized or invalid success output was refused: the size, the limit
// and the SHA-256 of the output, never the output itself. It fits the
// cause limit, so the fallback failure always goes through.
func (e *Error) FallbackCause() string {
	return fmt.Sprintf("task output refused: %d bytes (limit %d), sha256 %s: %s",
		e.OutputSize, e.Limit, e.OutputHash, shorten(e.Detail, 512))
}

// kindText is the sentinel's message without the package prefix.
func kindText(kind error) string {
	if kind == nil {
		return "failed"
	}
	return strings.TrimPrefix(kind.Error(), "callback: ")
}

// shorten cuts s to at most max bytes on a rune boundary, adding "…".
func shorten(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return cutUTF8(s, max) + "…"
}
