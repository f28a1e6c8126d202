package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// A store with an injected clock decides deadlines by that clock: a callback
// arriving after the waiting state's deadline is refused as expired.
func ExampleNew() {
	ctx := context.Background()
	now := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	store := memstore.New(func(o *memstore.Options) {
		o.Clock = func() time.Time { return now }
	})
	_, err := store.Save(ctx, tokenstore.Record{
		Reference: "VAL-3",
		Token:     "AQB4...",
		Deadline:  now.Add(time.Hour), // TimeoutSeconds 3600
	})
	if err != nil {
		log.Fatal(err)
	}

	now = now.Add(2 * time.Hour)
	_, err = store.Claim(ctx, "VAL-3", time.Minute)
	var refusal *tokenstore.Error
	if errors.Is(err, tokenstore.ErrExpired) && errors.As(err, &refusal) {
		fmt.Println("late: the deadline was", refusal.ExpiredAt.Format(time.Kitchen))
	}
	// Output:
	// late: the deadline was 10:30AM
}

// Put plants a record Save would refuse — here a token left unresolved by
// an older writer — to test how a callback handler copes with it.
func ExampleStore_Put() {
	store := memstore.New()
	store.Put(tokenstore.Record{Reference: "VAL-7", Token: "$$.Task.Token",
		Status: tokenstore.StatusPending, Attempt: 1})
	rec, err := store.Claim(context.Background(), "VAL-7", time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.Status, tokenstore.CheckToken(rec.Token) != nil)
	// Output: CLAIMED true
}

// MarkLate closes a record whose deadline has passed as LATE, so that later
// callbacks find it closed; marking it again returns the same record, and a
// record before its deadline is refused.
func ExampleStore_MarkLate() {
	ctx := context.Background()
	now := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	store := memstore.New(func(o *memstore.Options) {
		o.Clock = func() time.Time { return now }
	})
	_, err := store.Save(ctx, tokenstore.Record{Reference: "VAL-4", Token: "AQB4...",
		Deadline: now.Add(time.Hour)})
	if err != nil {
		log.Fatal(err)
	}

	_, err = store.MarkLate(ctx, "VAL-4")
	fmt.Println("before the deadline:", errors.Is(err, tokenstore.ErrNotLate))

	now = now.Add(2 * time.Hour)
	late, err := store.MarkLate(ctx, "VAL-4")
	if err != nil {
		log.Fatal(err)
	}
	again, err := store.MarkLate(ctx, "VAL-4")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(late.Status, "at", late.CompletedAt.Format(time.Kitchen),
		"again:", again.CompletedAt.Equal(late.CompletedAt))
	_, err = store.Claim(ctx, "VAL-4", time.Minute)
	fmt.Println("claim after:", errors.Is(err, tokenstore.ErrCompleted))
	// Output:
	// before the deadline: true
	// LATE at 11:30AM again: true
	// claim after: true
}
