package tokenstore

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"
)

// The functions in this file check a call's input before anything is written.
// Each returns an [*Error] matching [ErrInvalidInput], or nil.

// ValidateSave checks the record given to [Store.Save]: a reference of 1 to
// [MaxReferenceBytes] bytes of valid UTF-8; a token that passes
// [CheckToken], so that no token is stored that Step Functions would refuse
// when the callback comes; an ExecutionARN, StateMachineARN and StateName of
// at most [MaxFieldBytes] bytes of valid UTF-8; an attempt from 0 to [MaxAttempt] and a retry
// count that is not negative; an EnteredTime and Deadline that are either
// zero or after the Unix epoch (1970-01-01), as stores keep them in epoch
// milliseconds.
func ValidateSave(rec Record) error {
	if err := ValidateReference("save", rec.Reference); err != nil {
		return err
	}
	if detail := tokenFault(rec.Token); detail != "" {
		return invalid("save", rec.Reference, detail)
	}
	switch {
	case rec.Attempt < 0 || rec.Attempt > MaxAttempt:
		return invalid("save", rec.Reference, "attempt "+itoa(rec.Attempt)+
			" is not between 0 and "+itoa(MaxAttempt))
	case rec.RetryCount < 0:
		return invalid("save", rec.Reference, "negative retry count")
	}
	fields := []struct{ name, value string }{
		{"execution ARN", rec.ExecutionARN},
		{"state machine ARN", rec.StateMachineARN},
		{"state name", rec.StateName},
	}
	if err := validateFields("save", rec.Reference, fields); err != nil {
		return err
	}
	if err := validateTime(rec.Reference, "entered time", rec.EnteredTime); err != nil {
		return err
	}
	return validateTime(rec.Reference, "deadline", rec.Deadline)
}

// validateTime checks a time given to a save is zero or after the Unix
// epoch: stores keep times in epoch milliseconds, where 0 means unknown.
func validateTime(reference, name string, at time.Time) error {
	if at.IsZero() || at.UnixMilli() > 0 {
		return nil
	}
	return invalid("save", reference, name+" "+at.UTC().Format(time.RFC3339Nano)+
		" is not after the Unix epoch")
}

// validateFields checks that each field holds at most [MaxFieldBytes] bytes
// of valid UTF-8.
func validateFields(op, reference string, fields []struct{ name, value string }) error {
	for _, f := range fields {
		switch {
		case len(f.value) > MaxFieldBytes:
			return invalid(op, reference, f.name+" of "+itoa(int64(len(f.value)))+
				" bytes is longer than "+itoa(MaxFieldBytes))
		case !utf8.ValidString(f.value):
			return invalid(op, reference, f.name+" is not valid UTF-8")
		}
	}
	return nil
}

// ValidateClaim checks the arguments of [Store.Claim]: a valid reference and
// a lease of at least a millisecond (stores keep times to the millisecond).
func ValidateClaim(reference string, lease time.Duration) error {
	if err := ValidateReference("claim", reference); err != nil {
		return err
	}
	if lease < time.Millisecond {
		return invalid("claim", reference, "lease "+lease.String()+" is shorter than 1ms")
	}
	return nil
}

// ValidateHolder checks the arguments of [Store.Complete] and
// [Store.Release] (op is "complete" or "release"): a valid reference and a
// claim id of 1 to [MaxFieldBytes] bytes of valid UTF-8.
func ValidateHolder(op, reference, claimID string) error {
	if err := ValidateReference(op, reference); err != nil {
		return err
	}
	if claimID == "" {
		return invalid(op, reference, "empty claim id")
	}
	return validateFields(op, reference, []struct{ name, value string }{{"claim id", claimID}})
}

// ValidateCompletion checks the completion given to [Store.Complete]: its
// outcome must be a final status, its ErrorCode and OutputHash at most
// [MaxFieldBytes] bytes of valid UTF-8.
func ValidateCompletion(reference string, c Completion) error {
	if !c.Outcome.Completed() {
		return invalid("complete", reference, "outcome "+strconv.Quote(string(c.Outcome))+
			" is not SUCCEEDED, FAILED or LATE")
	}
	return validateFields("complete", reference, []struct{ name, value string }{
		{"error code", c.ErrorCode}, {"output hash", c.OutputHash},
	})
}

// ValidateContext checks that a store method (op, on reference) was given a
// context: a nil context is refused with [ErrInvalidInput] rather than left
// to panic.
func ValidateContext(ctx context.Context, op, reference string) error {
	if ctx == nil {
		return invalid(op, reference, "nil context")
	}
	return nil
}

// ValidateReference checks that reference holds 1 to [MaxReferenceBytes]
// bytes of valid UTF-8 (DynamoDB strings are UTF-8); op names the operation
// for the error.
func ValidateReference(op, reference string) error {
	switch {
	case reference == "":
		return invalid(op, reference, "empty reference")
	case len(reference) > MaxReferenceBytes:
		return invalid(op, reference, "reference of "+itoa(int64(len(reference)))+
			" bytes is longer than "+itoa(MaxReferenceBytes))
	case !utf8.ValidString(reference):
		return invalid(op, reference, "reference is not valid UTF-8")
	}
	return nil
}

func invalid(op, reference, detail string) *Error {
	return &Error{Op: op, Reference: reference, Kind: ErrInvalidInput, Detail: detail}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
