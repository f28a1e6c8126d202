package tokenstore

import (
	"context"
	"time"
)

// Store keeps one [Record] per business reference and redeems its task token
// at most once. Implementations are safe for concurrent use; every method that
// changes a record is a single conditional write.
//
// A refused operation returns an [*Error] that matches one of the sentinels
// ([ErrNotFound], [ErrInFlight], [ErrCompleted], [ErrExpired], [ErrClaimLost],
// [ErrSuperseded], [ErrNotLate], [ErrInvalidInput]) with errors.Is.
// An operation that fails instead — the context was canceled, the table
// could not be reached — returns an [*Error] with a nil Kind whose Cause
// says why; a nil context is refused as [ErrInvalidInput].
type Store interface {
	// Save stores rec.Token under rec.Reference in status PENDING.
	//
	// It reads Reference, Token, Attempt, ExecutionARN, StateMachineARN,
	// StateName, EnteredTime, RetryCount and Deadline from rec and ignores
	// the other fields. A pending record (or one whose claim lease has ended,
	// or one that has expired) is replaced by the newer token and its
	// Attempt grows by one; when rec.Attempt is set, the save is refused with
	// [ErrSuperseded] unless it is greater than the stored attempt, or it
	// is the same token saved again under the same attempt (a retry whose
	// first write went through), which gets the stored record back; see
	// [SavedBy]. A completed record is never overwritten ([ErrCompleted]); a
	// record under an unexpired claim is refused with [ErrInFlight].
	Save(ctx context.Context, rec Record) (*Record, error)

	// Claim takes the pending record for reference for the length of lease
	// and returns it with a fresh ClaimID and LeaseEnd. Of any number of
	// concurrent claims exactly one wins. A claim whose lease has ended may
	// be taken over; an unexpired claim cannot ([ErrInFlight]). Records past
	// their deadline or expiry are refused with [ErrExpired] even while the
	// table still holds them.
	Claim(ctx context.Context, reference string, lease time.Duration) (*Record, error)

	// Complete closes a claimed record with the outcome in c. It succeeds
	// only for the holder of claimID, also after its lease ended as long as
	// no other claim took the record over; otherwise it returns
	// [ErrClaimLost], [ErrCompleted] when the record is already completed, or
	// [ErrNotFound]. The holder completing again with the same completion
	// (a retry whose first attempt went through) gets the completed record
	// back; see [CompletedBy].
	Complete(ctx context.Context, reference, claimID string, c Completion) (*Record, error)

	// Release gives a claim back so that a redelivery can finish the work:
	// the record returns to PENDING. Only the holder of claimID may release.
	Release(ctx context.Context, reference, claimID string) error

	// MarkLate closes the open record for reference as LATE because its
	// deadline has passed, so that later callbacks find it closed without
	// asking Step Functions. It succeeds only for a record that is pending
	// (or claimed under a lease that has ended), has a deadline that is not
	// after now, and has not passed its expiry; it sets CompletedAt, clears
	// the claim and sets the expiry as [Store.Complete] does. A record
	// already LATE is returned as it is (a retry whose first write went
	// through; see [MarkedLate]). Otherwise it returns [ErrNotFound],
	// [ErrCompleted] for another outcome, [ErrExpired] past the expiry,
	// [ErrInFlight] under an unexpired claim, or [ErrNotLate] when there is
	// no deadline or it has not passed; see [CheckLate].
	MarkLate(ctx context.Context, reference string) (*Record, error)

	// Get returns the record for reference with a consistent read, or
	// [ErrNotFound]. It returns expired records as they are stored.
	Get(ctx context.Context, reference string) (*Record, error)

	// Delete removes the record for reference. Deleting a missing record is
	// not an error.
	Delete(ctx context.Context, reference string) error
}
