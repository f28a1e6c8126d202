package tokenstore

import "time"

// The functions in this file state the rules of the record lifecycle once.
// The in-memory store applies them under its lock to decide; the DynamoDB
// store writes the same rules as condition expressions and applies these
// functions to the item a failed condition returns, to explain the refusal.
// Another [Store] implementation can use them the same way.

// CheckSave reports why saving rec over stored at now is refused, or nil when
// the save may go ahead. stored is nil when there is no record.
//
// A save is refused when the stored record is completed ([ErrCompleted]),
// when rec.Attempt is set and not greater than the stored attempt
// ([ErrSuperseded]), or when the stored record is claimed and the lease has
// not ended ([ErrInFlight]). A record past its expiry counts as gone: it is
// replaced whatever its status.
func CheckSave(stored *Record, rec Record, now time.Time) error {
	switch {
	case stored == nil || pastExpiry(stored, now):
		return nil
	case stored.Status.Completed():
		return refusal("save", stored, ErrCompleted)
	case rec.Attempt > 0 && rec.Attempt <= stored.Attempt:
		e := refusal("save", stored, ErrSuperseded)
		e.Detail = "attempt " + itoa(rec.Attempt) + " is not newer than " + itoa(stored.Attempt)
		return e
	case leaseHeld(stored, now):
		return refusal("save", stored, ErrInFlight)
	}
	return nil
}

// CheckClaim reports why claiming stored at now is refused, or nil when the
// claim may go ahead. stored is nil when there is no record for reference.
//
// A claim is refused when there is no record ([ErrNotFound]), when the record
// is completed ([ErrCompleted]), past its expiry or its deadline
// ([ErrExpired]), or claimed under a lease that has not ended ([ErrInFlight]).
func CheckClaim(stored *Record, reference string, now time.Time) error {
	if err := checkOpen("claim", stored, reference, now); err != nil {
		return err
	}
	switch {
	case !stored.Deadline.IsZero() && !now.Before(stored.Deadline):
		e := refusal("claim", stored, ErrExpired)
		e.ExpiredAt = stored.Deadline
		e.Detail = "deadline passed"
		return e
	case leaseHeld(stored, now):
		return refusal("claim", stored, ErrInFlight)
	}
	return nil
}

// CheckLate reports why marking stored LATE at now is refused, or nil when
// it may go ahead. stored is nil when there is no record for reference.
//
// Marking late is refused when there is no record ([ErrNotFound]), when the
// record is completed ([ErrCompleted]; a record already LATE is refused too,
// and [MarkedLate] tells a retry), past its expiry ([ErrExpired]: it counts
// as gone), claimed under a lease that has not ended ([ErrInFlight]), or
// without a deadline or before it ([ErrNotLate], with the deadline in
// ExpiredAt).
func CheckLate(stored *Record, reference string, now time.Time) error {
	if err := checkOpen("mark late", stored, reference, now); err != nil {
		return err
	}
	switch {
	case leaseHeld(stored, now):
		return refusal("mark late", stored, ErrInFlight)
	case stored.Deadline.IsZero():
		e := refusal("mark late", stored, ErrNotLate)
		e.Detail = "no deadline stored"
		return e
	case now.Before(stored.Deadline):
		e := refusal("mark late", stored, ErrNotLate)
		e.ExpiredAt = stored.Deadline
		return e
	}
	return nil
}

// CheckHolder reports why the holder of claimID may not complete or release
// stored (op is "complete" or "release"), or nil when it may. stored is nil
// when there is no record for reference.
//
// The operation is refused when there is no record ([ErrNotFound]), when the
// record is completed ([ErrCompleted]), or when claimID does not hold the
// current claim ([ErrClaimLost]). A holder whose lease has ended keeps the
// claim until another delivery takes it over.
func CheckHolder(op string, stored *Record, reference, claimID string) error {
	switch {
	case stored == nil:
		return &Error{Op: op, Reference: reference, Kind: ErrNotFound}
	case stored.Status.Completed():
		return refusal(op, stored, ErrCompleted)
	case stored.Status != StatusClaimed || stored.ClaimID != claimID:
		return refusal(op, stored, ErrClaimLost)
	}
	return nil
}

// SavedBy reports whether stored already holds rec as a save naming its
// attempt left it: the same token under that attempt, neither completed nor
// past its expiry at now. A [Store.Save] that finds so is a retry of a save
// that went through — its answer was lost and the SDK or the caller sent it
// again — and returns stored instead of [ErrSuperseded].
func SavedBy(stored *Record, rec Record, now time.Time) bool {
	return stored != nil && rec.Attempt > 0 && stored.Attempt == rec.Attempt &&
		stored.Token == rec.Token && !stored.Status.Completed() && !pastExpiry(stored, now)
}

// CompletedBy reports whether stored was completed by the holder of claimID
// with exactly the completion c. A [Store.Complete] that finds so is a retry
// of a completion that went through — its answer was lost and the SDK or the
// caller sent it again — and returns stored instead of [ErrCompleted].
func CompletedBy(stored *Record, claimID string, c Completion) bool {
	return stored != nil && stored.Status.Completed() && stored.ClaimID == claimID &&
		stored.Status == c.Outcome && stored.ErrorCode == c.ErrorCode &&
		stored.OutputHash == c.OutputHash
}

// MarkedLate reports whether stored is already LATE. A [Store.MarkLate]
// that finds so — a retry whose answer was lost, or a second late callback
// — returns stored instead of [ErrCompleted].
func MarkedLate(stored *Record) bool {
	return stored != nil && stored.Status == StatusLate
}

// checkOpen reports why op is refused on stored at now because the record
// is not open: missing ([ErrNotFound]), completed ([ErrCompleted]) or past
// its expiry ([ErrExpired]); nil when it is open.
func checkOpen(op string, stored *Record, reference string, now time.Time) error {
	switch {
	case stored == nil:
		return &Error{Op: op, Reference: reference, Kind: ErrNotFound}
	case stored.Status.Completed():
		return refusal(op, stored, ErrCompleted)
	case pastExpiry(stored, now):
		e := refusal(op, stored, ErrExpired)
		e.ExpiredAt = stored.ExpiresAt
		e.Detail = "record expiry passed"
		return e
	}
	return nil
}

// pastExpiry reports whether the record's expiry (its TTL) has passed.
func pastExpiry(r *Record, now time.Time) bool {
	return !r.ExpiresAt.IsZero() && !now.Before(r.ExpiresAt)
}

// copyRecord returns a copy of r, so that an error never shares a record
// with the store.
func copyRecord(r *Record) *Record {
	c := *r
	return &c
}

// leaseHeld reports whether r is claimed under a lease that has not ended.
func leaseHeld(r *Record, now time.Time) bool {
	return r.Status == StatusClaimed && now.Before(r.LeaseEnd)
}

// refusal builds the error for op refused on stored, filling in what the
// stored record says.
func refusal(op string, stored *Record, kind error) *Error {
	e := &Error{
		Op:        op,
		Reference: stored.Reference,
		Kind:      kind,
		Status:    stored.Status,
		Attempt:   stored.Attempt,
		Record:    copyRecord(stored),
	}
	switch kind {
	case ErrCompleted:
		e.CompletedAt = stored.CompletedAt
	case ErrInFlight:
		e.LeaseEnd = stored.LeaseEnd
	}
	return e
}
