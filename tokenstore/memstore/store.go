package memstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"sync"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// Options configure a [Store]. The zero value is valid.
type Options struct {
	// Clock returns the current time. Default: time.Now.
	Clock func() time.Time
	// Retention is how long a record is kept after its deadline (or after
	// it was saved, when the deadline is unknown) and after it was
	// completed. Default: [tokenstore.DefaultRetention].
	Retention time.Duration
}

// Store is an in-memory [tokenstore.Store]. It is safe for concurrent use.
// The zero value is an empty store with the defaults of [Options].
type Store struct {
	opts    Options
	mu      sync.Mutex
	records map[string]tokenstore.Record
}

var _ tokenstore.Store = (*Store)(nil)

// New returns an empty store.
func New(optFns ...func(*Options)) *Store {
	s := &Store{}
	for _, fn := range optFns {
		fn(&s.opts)
	}
	return s
}

// Save stores rec.Token under rec.Reference in status PENDING; see
// [tokenstore.Store.Save].
func (s *Store) Save(ctx context.Context, rec tokenstore.Record) (*tokenstore.Record, error) {
	invalid := tokenstore.ValidateSave(rec)
	if err := s.admit(ctx, "save", rec.Reference, invalid); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	stored := s.lookup(rec.Reference)
	if tokenstore.SavedBy(stored, rec, now) {
		return stored, nil
	}
	if err := tokenstore.CheckSave(stored, rec, now); err != nil {
		return nil, err
	}
	next := tokenstore.Record{
		Reference:       rec.Reference,
		Token:           rec.Token,
		Status:          tokenstore.StatusPending,
		Attempt:         nextAttempt(stored, rec.Attempt),
		ExecutionARN:    rec.ExecutionARN,
		StateMachineARN: rec.StateMachineARN,
		StateName:       rec.StateName,
		EnteredTime:     tokenstore.Millis(rec.EnteredTime),
		RetryCount:      rec.RetryCount,
		CreatedAt:       now,
		Deadline:        tokenstore.Millis(rec.Deadline),
		ExpiresAt:       tokenstore.ExpiryAfter(now, rec.Deadline, s.retention()),
	}
	s.put(rec.Reference, next)
	return &next, nil
}

// Claim takes the pending record for reference for the length of lease; see
// [tokenstore.Store.Claim].
func (s *Store) Claim(
	ctx context.Context, reference string, lease time.Duration,
) (*tokenstore.Record, error) {
	invalid := tokenstore.ValidateClaim(reference, lease)
	if err := s.admit(ctx, "claim", reference, invalid); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	stored := s.lookup(reference)
	if err := tokenstore.CheckClaim(stored, reference, now); err != nil {
		return nil, err
	}
	next := *stored
	next.Status = tokenstore.StatusClaimed
	next.ClaimID = rand.Text()
	next.LeaseEnd = tokenstore.Millis(now.Add(lease))
	s.put(reference, next)
	return &next, nil
}

// Complete closes a claimed record with the outcome in c; see
// [tokenstore.Store.Complete].
func (s *Store) Complete(
	ctx context.Context, reference, claimID string, c tokenstore.Completion,
) (*tokenstore.Record, error) {
	invalid := cmp.Or(tokenstore.ValidateHolder("complete", reference, claimID),
		tokenstore.ValidateCompletion(reference, c))
	if err := s.admit(ctx, "complete", reference, invalid); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	stored := s.lookup(reference)
	if tokenstore.CompletedBy(stored, claimID, c) {
		return stored, nil
	}
	if err := tokenstore.CheckHolder("complete", stored, reference, claimID); err != nil {
		return nil, err
	}
	next := *stored
	next.Status = c.Outcome
	next.CompletedAt = now
	next.ErrorCode = c.ErrorCode
	next.OutputHash = c.OutputHash
	next.LeaseEnd = time.Time{}
	next.ExpiresAt = tokenstore.ExpiryAfter(now, time.Time{}, s.retention())
	s.put(reference, next)
	return &next, nil
}

// Release gives a claim back so that the record returns to PENDING; see
// [tokenstore.Store.Release].
func (s *Store) Release(ctx context.Context, reference, claimID string) error {
	invalid := tokenstore.ValidateHolder("release", reference, claimID)
	if err := s.admit(ctx, "release", reference, invalid); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	stored := s.lookup(reference)
	if err := tokenstore.CheckHolder("release", stored, reference, claimID); err != nil {
		return err
	}
	next := *stored
	next.Status = tokenstore.StatusPending
	next.ClaimID = ""
	next.LeaseEnd = time.Time{}
	s.put(reference, next)
	return nil
}

// MarkLate closes the open record for reference as LATE, its deadline having
// passed; see [tokenstore.Store.MarkLate].
func (s *Store) MarkLate(ctx context.Context, reference string) (*tokenstore.Record, error) {
	invalid := tokenstore.ValidateReference("mark late", reference)
	if err := s.admit(ctx, "mark late", reference, invalid); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	stored := s.lookup(reference)
	if tokenstore.MarkedLate(stored) {
		return stored, nil
	}
	if err := tokenstore.CheckLate(stored, reference, now); err != nil {
		return nil, err
	}
	next := *stored
	next.Status = tokenstore.StatusLate
	next.CompletedAt = now
	next.ClaimID = ""
	next.LeaseEnd = time.Time{}
	next.ExpiresAt = tokenstore.ExpiryAfter(now, time.Time{}, s.retention())
	s.put(reference, next)
	return &next, nil
}

// Get returns the record for reference; see [tokenstore.Store.Get].
func (s *Store) Get(ctx context.Context, reference string) (*tokenstore.Record, error) {
	invalid := tokenstore.ValidateReference("get", reference)
	if err := s.admit(ctx, "get", reference, invalid); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	stored := s.lookup(reference)
	if stored == nil {
		return nil, &tokenstore.Error{Op: "get", Reference: reference, Kind: tokenstore.ErrNotFound}
	}
	return stored, nil
}

// Delete removes the record for reference; see [tokenstore.Store.Delete].
func (s *Store) Delete(ctx context.Context, reference string) error {
	invalid := tokenstore.ValidateReference("delete", reference)
	if err := s.admit(ctx, "delete", reference, invalid); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.records, reference)
	return nil
}

// Put stores rec under rec.Reference exactly as given, replacing any record
// there, without the checks and the lifecycle rules of Save. It is for tests
// that need a record the store itself would never write: a token that
// [tokenstore.CheckToken] refuses, saved by an older version or by another
// writer of a shared table, or a record in a given status. A nil store
// does nothing.
func (s *Store) Put(rec tokenstore.Record) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(rec.Reference, rec)
}

// admit checks a call to op before the store is touched: a nil store, a
// nil context or invalid input (what the Validate function for op said) is
// refused, and a context already canceled or past its deadline fails the
// call, as a call to DynamoDB would fail, with the context's error as the
// cause.
func (s *Store) admit(ctx context.Context, op, reference string, invalid error) error {
	if err := tokenstore.ValidateContext(ctx, op, reference); err != nil {
		return err
	}
	if invalid != nil {
		return invalid
	}
	if s == nil {
		return &tokenstore.Error{Op: op, Reference: reference,
			Kind: tokenstore.ErrInvalidInput, Detail: "nil store (make it with New)"}
	}
	if err := ctx.Err(); err != nil {
		return &tokenstore.Error{Op: op, Reference: reference, Cause: err}
	}
	return nil
}

// lookup returns a copy of the stored record, or nil. The caller holds s.mu.
func (s *Store) lookup(reference string) *tokenstore.Record {
	rec, ok := s.records[reference]
	if !ok {
		return nil
	}
	return &rec
}

// put stores rec under reference. The caller holds s.mu.
func (s *Store) put(reference string, rec tokenstore.Record) {
	if s.records == nil {
		s.records = make(map[string]tokenstore.Record)
	}
	s.records[reference] = rec
}

// now reads the clock, cut to the millisecond as the DynamoDB store keeps it.
func (s *Store) now() time.Time {
	if s.opts.Clock == nil {
		return tokenstore.Millis(time.Now())
	}
	return tokenstore.Millis(s.opts.Clock())
}

// retention is the configured retention, or the default.
func (s *Store) retention() time.Duration {
	if s.opts.Retention <= 0 {
		return tokenstore.DefaultRetention
	}
	return s.opts.Retention
}

// nextAttempt is the attempt a save writes: the caller's when given, else one
// more than the stored one.
func nextAttempt(stored *tokenstore.Record, attempt int64) int64 {
	switch {
	case attempt > 0:
		return attempt
	case stored == nil:
		return 1
	}
	return stored.Attempt + 1
}
