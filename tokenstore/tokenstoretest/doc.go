// Package tokenstoretest is the conformance suite every
// [tokenstore.Store] implementation passes: the in-memory store in package
// memstore and the DynamoDB store in package tokenstore run it, and so can
// any other implementation.
//
// # Use
//
// Call [Run] from a test with a function that builds a fresh store reading
// time from the clock it is given:
//
//	func TestConformance(t *testing.T) {
//		tokenstoretest.Run(t, func(t *testing.T, clock func() time.Time) tokenstore.Store {
//			return memstore.New(func(o *memstore.Options) { o.Clock = clock })
//		})
//	}
//
// The suite moves the clock by hand (see [Clock]), so it never sleeps and a
// store backed by a remote table can share one table between tests: every
// test uses references of its own. The clock starts at the real time, so a
// table's own TTL deletion does not interfere.
//
// # What it checks
//
// Each rule of the record lifecycle: a save, claim and complete round trip
// with every field kept; of 200 concurrent claims exactly one wins, and of
// 50 concurrent claims on a lease that just ended exactly one takes it over;
// a holder completing after its lease ended races claims and only one side
// wins; concurrent saves each count an attempt of their own, and of saves
// naming the same attempt one is stored; a lease is taken over only once it
// has ended; a completed record survives saves and claims; a record past its
// deadline or its expiry is refused while it is still stored; an open record
// past its deadline is marked LATE in one write, pending or after its lease,
// marking it again returns it unchanged, and marking is refused for a missing,
// completed, expired or claimed record and one not past a deadline; a 2,000-byte
// token round-trips; a newer attempt replaces a pending one and a stale
// attempt is refused, while the same save sent again gets its record back;
// only the claim holder completes or releases, and its completion sent again
// gets the completed record back; every
// refusal matches its sentinel and says why in the fields of
// [tokenstore.Error] without showing the token; bad input, a nil context
// and every token [tokenstore.CheckToken] refuses included, is refused
// before anything is written; and a canceled context fails a call with an
// [*tokenstore.Error] and changes nothing.
//
// # Failures show no token
//
// A failing run prints no token, so its log is safe to keep in CI: the
// suite compares records and tokens itself rather than with testify, whose
// diff prints a record's fields in full, and a failure names each field
// that differs with the token shown as "[task token <fingerprint>]".
package tokenstoretest
