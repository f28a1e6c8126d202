// Package memstore is an in-memory [tokenstore.Store] for unit tests and
// examples. It keeps the same rules as the DynamoDB store in package
// tokenstore — both pass the conformance suite in package tokenstoretest —
// so code tested against it behaves the same against DynamoDB.
//
// # Clock
//
// Leases, deadlines and expiry are decided by [Options.Clock]. Inject a clock
// you control to test lease takeover or late callbacks without sleeping:
//
//	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
//	store := memstore.New(func(o *memstore.Options) {
//		o.Clock = func() time.Time { return now }
//	})
//
// # Records a store would not write
//
// [Store.Put] stores a record as given, past the checks of Save: use it to
// test how a callback handler copes with a record written by an older
// version or another writer of a shared table, such as a token that
// tokenstore.CheckToken refuses.
//
// # Limitations
//
// Records live in the process and vanish with it; nothing is deleted when it
// expires (an expired record is refused or replaced exactly as the DynamoDB
// store does before TTL removes the item).
package memstore
