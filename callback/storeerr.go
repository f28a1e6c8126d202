package callback

import (
	"errors"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// storeError maps a refusal of the token store to the callback's error:
// not found is [ErrUnknownReference], in flight [ErrInFlight], completed
// [ErrDuplicate] (or [ErrLate] when the stored outcome is LATE), expired
// [ErrLate]. Invalid input is [ErrNotConfigured]: the caller checked the
// reference and the context, so the store itself cannot work (a nil
// *memstore.Store, a DynamoStore without a client). Any other failure is
// [ErrStore].
func storeError(op, reference string, err error) *Error {
	e := &Error{Op: op, Reference: reference, StoreErr: err}
	var se *tokenstore.Error
	errors.As(err, &se)
	switch {
	case errors.Is(err, tokenstore.ErrNotFound):
		e.Kind = ErrUnknownReference
	case errors.Is(err, tokenstore.ErrInFlight):
		e.Kind = ErrInFlight
	case errors.Is(err, tokenstore.ErrCompleted):
		e.Kind = ErrDuplicate
		if se != nil {
			e.PriorOutcome, e.PriorAt = se.Status, se.CompletedAt
			if se.Status == tokenstore.StatusLate {
				e.Kind = ErrLate
			}
		}
	case errors.Is(err, tokenstore.ErrExpired):
		e.Kind = ErrLate
		if se != nil {
			e.Deadline = se.ExpiredAt
		}
	case errors.Is(err, tokenstore.ErrInvalidInput):
		e.Kind = ErrNotConfigured
		e.Detail = "the Store refused a valid reference: it cannot work as configured"
		if se != nil && se.Detail != "" {
			e.Detail += " (" + se.Detail + ")"
		}
	default:
		e.Kind = ErrStore
	}
	return e
}

// closedRecord returns the error for a record that no longer waits for a
// callback (completed or past its deadline or expiry), or nil when it is
// still open.
func closedRecord(op string, rec *tokenstore.Record, now time.Time) *Error {
	e := &Error{Op: op, Reference: rec.Reference, TokenFingerprint: fingerprint(rec.Token)}
	switch {
	case rec.Status == tokenstore.StatusLate:
		e.Kind, e.PriorOutcome, e.PriorAt = ErrLate, rec.Status, rec.CompletedAt
	case rec.Status.Completed():
		e.Kind = ErrDuplicate
		setPriorRecord(e, rec)
	case pastDeadline(rec, now):
		e.Kind, e.Deadline = ErrLate, rec.Deadline
	default:
		return nil
	}
	return e
}

// pastDeadline reports whether rec is past its deadline or its expiry at
// now, the rule the store applies to a claim.
func pastDeadline(rec *tokenstore.Record, now time.Time) bool {
	return (!rec.Deadline.IsZero() && !now.Before(rec.Deadline)) ||
		(!rec.ExpiresAt.IsZero() && !now.Before(rec.ExpiresAt))
}

// setPriorRecord copies the completion of rec into e, when rec is completed
// with the outcome e already names (if it names one): a record saved
// again since the refusal is not the completion e is about.
func setPriorRecord(e *Error, rec *tokenstore.Record) {
	if !rec.Status.Completed() || (e.PriorOutcome != "" && rec.Status != e.PriorOutcome) {
		return
	}
	e.PriorOutcome, e.PriorAt = rec.Status, rec.CompletedAt
	e.PriorOutputHash, e.PriorErrorCode = rec.OutputHash, rec.ErrorCode
}
