package tokenstore

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The functions in this file check a call's input before anything is written.
// Each returns an [*Error] matching [ErrInvalidInput], or nil.

// ValidateSave checks the record given to [Store.Save]: a reference of 1 to
// [MaxReferenceBytes] bytes, a token of 1 to [MaxTokenBytes] bytes, both
// valid UTF-8, and an attempt and retry count that are not negative.
func ValidateSave(rec Record) error {
	if err := ValidateReference("save", rec.Reference); err != nil {
		return err
	}
	switch {
	case rec.Token == "":
		return invalid("save", rec.Reference, "empty token")
	case !utf8.ValidString(rec.Token):
		return invalid("save", rec.Reference, "token is not valid UTF-8")
	case len(rec.Token) > MaxTokenBytes:
		return invalid("save", rec.Reference, "token of "+itoa(int64(len(rec.Token)))+
			" bytes is longer than "+itoa(MaxTokenBytes))
	case rec.Attempt < 0:
		return invalid("save", rec.Reference, "negative attempt")
	case rec.RetryCount < 0:
		return invalid("save", rec.Reference, "negative retry count")
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
// claim id.
func ValidateHolder(op, reference, claimID string) error {
	if err := ValidateReference(op, reference); err != nil {
		return err
	}
	if claimID == "" {
		return invalid(op, reference, "empty claim id")
	}
	return nil
}

// ValidateCompletion checks the completion given to [Store.Complete]: its
// outcome must be a final status.
func ValidateCompletion(reference string, c Completion) error {
	if !c.Outcome.Completed() {
		return invalid("complete", reference, "outcome "+strconv.Quote(string(c.Outcome))+
			" is not SUCCEEDED, FAILED or LATE")
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
