package tokenstore

import (
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
)

// Sentinels matched with errors.Is. Every error a [Store] returns for a
// refused operation is an [*Error] that matches exactly one of them.
var (
	ErrNotFound     = errors.New("tokenstore: no record for this reference")
	ErrInFlight     = errors.New("tokenstore: record is claimed by another delivery")
	ErrCompleted    = errors.New("tokenstore: record already completed")
	ErrExpired      = errors.New("tokenstore: record expired")
	ErrClaimLost    = errors.New("tokenstore: claim no longer held")
	ErrSuperseded   = errors.New("tokenstore: a newer attempt is stored")
	ErrInvalidInput = errors.New("tokenstore: invalid input")
	ErrNotLate      = errors.New("tokenstore: record is not past its deadline")
)

// Error explains why a [Store] refused an operation. It unwraps to its
// sentinel (Kind) and, where there is one, to the underlying cause such as a
// DynamoDB error.
type Error struct {
	// Op is the operation refused: "save", "claim", "complete", "release",
	// "mark late", "get" or "delete".
	Op string
	// Reference is the business reference involved.
	Reference string
	// Kind is the sentinel the error matches. It is nil when the operation
	// was not refused but failed, for example when DynamoDB could not be
	// reached; Cause then says why.
	Kind error
	// Status is the stored status when the refusal was decided, if known.
	Status Status
	// LeaseEnd is when the blocking claim ends, for [ErrInFlight].
	LeaseEnd time.Time
	// CompletedAt is when the record was completed, for [ErrCompleted].
	CompletedAt time.Time
	// ExpiredAt is the deadline or expiry that passed, for [ErrExpired], and
	// the deadline not yet passed, for [ErrNotLate] (zero when there is none).
	ExpiredAt time.Time
	// Attempt is the stored attempt, when known.
	Attempt int64
	// Detail says more in words, for [ErrInvalidInput] in particular.
	Detail string
	// Record is the stored record that decided a refusal, when there was
	// one: for the DynamoDB store, the item returned with the failed
	// condition or the one read after it. It saves callers a read to learn
	// the earlier outcome. Its String and Format methods hide the token,
	// and Error never prints it.
	Record *Record
	// Cause is the underlying error, if any.
	Cause error
}

// Error describes the refusal without any token. An error from
// [CheckToken], which names no operation, leaves out the operation and the
// reference.
func (e *Error) Error() string {
	msg := "tokenstore: "
	if e.Op != "" {
		msg += e.Op + " " + quoteRef(e.Reference) + ": "
	}
	msg += kindText(e.Kind)
	switch {
	case e.Kind == ErrCompleted && e.Status != "":
		msg += " (" + string(e.Status) + " at " + e.CompletedAt.UTC().Format(time.RFC3339) + ")"
	case e.Kind == ErrInFlight && !e.LeaseEnd.IsZero():
		msg += " (lease ends " + e.LeaseEnd.UTC().Format(time.RFC3339) + ")"
	case e.Kind == ErrExpired && !e.ExpiredAt.IsZero():
		msg += " (at " + e.ExpiredAt.UTC().Format(time.RFC3339) + ")"
	case e.Kind == ErrNotLate && !e.ExpiredAt.IsZero():
		msg += " (deadline " + e.ExpiredAt.UTC().Format(time.RFC3339) + ")"
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

// Unwrap returns the sentinel and the cause, those that are set.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.Kind != nil {
		errs = append(errs, e.Kind)
	}
	if e.Cause != nil {
		errs = append(errs, e.Cause)
	}
	return errs
}

func kindText(kind error) string {
	if kind == nil {
		return "failed"
	}
	const prefix = "tokenstore: "
	s := kind.Error()
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):]
	}
	return s
}

// quoteRef quotes a reference for a message, cut to at most 64 bytes on a
// UTF-8 boundary with a visible marker when longer.
func quoteRef(ref string) string {
	const max = 64
	if len(ref) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(ref[cut]) {
			cut--
		}
		ref = ref[:cut] + "…"
	}
	return strconv.Quote(ref)
}
