package tokenstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// A token is saved when the workflow starts waiting, and redeemed once when
// the callback arrives: claim, send the outcome to Step Functions, complete.
func Example() {
	ctx := context.Background()
	store := memstore.New()

	saved, err := store.Save(ctx, tokenstore.Record{
		Reference: "VAL-2026-0042",
		Token:     "AQB4AAAAKAAAAAMAAAAA...", // from $$.Task.Token
		StateName: "WaitForValuation",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("saved:", saved.Status, "attempt", saved.Attempt)

	claimed, err := store.Claim(ctx, "VAL-2026-0042", 30*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("claimed:", claimed.Status)
	// ... SendTaskSuccess with claimed.Token ...
	done, err := store.Complete(ctx, "VAL-2026-0042", claimed.ClaimID, tokenstore.Completion{
		Outcome: tokenstore.StatusSucceeded,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("completed:", done.Status)
	// Output:
	// saved: PENDING attempt 1
	// claimed: CLAIMED
	// completed: SUCCEEDED
}

// A callback delivered twice is redeemed once: the second claim is refused
// with ErrCompleted, which says what was sent and when.
func Example_duplicate() {
	ctx := context.Background()
	now := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	store := memstore.New(func(o *memstore.Options) {
		o.Clock = func() time.Time { return now }
	})
	_, err := store.Save(ctx, tokenstore.Record{Reference: "VAL-7", Token: "AQB4..."})
	if err != nil {
		log.Fatal(err)
	}
	claimed, err := store.Claim(ctx, "VAL-7", time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	_, err = store.Complete(ctx, "VAL-7", claimed.ClaimID, tokenstore.Completion{
		Outcome: tokenstore.StatusFailed, ErrorCode: "Valuation.Rejected",
	})
	if err != nil {
		log.Fatal(err)
	}

	now = now.Add(5 * time.Second)
	_, err = store.Claim(ctx, "VAL-7", time.Minute)
	var refusal *tokenstore.Error
	if errors.Is(err, tokenstore.ErrCompleted) && errors.As(err, &refusal) {
		fmt.Println("duplicate: first outcome", refusal.Status,
			"at", refusal.CompletedAt.Format(time.Kitchen))
	}
	fmt.Println(err)
	// Output:
	// duplicate: first outcome FAILED at 9:30AM
	// tokenstore: claim "VAL-7": record already completed (FAILED at 2026-03-04T09:30:00Z)
}

// A delivery that claimed a record and then vanished holds it only until
// its lease ends; after that another delivery takes the record over. The
// clock is injected, so nothing sleeps.
func Example_leaseTakeover() {
	ctx := context.Background()
	now := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	store := memstore.New(func(o *memstore.Options) {
		o.Clock = func() time.Time { return now }
	})
	_, err := store.Save(ctx, tokenstore.Record{Reference: "VAL-8", Token: "AQB4..."})
	if err != nil {
		log.Fatal(err)
	}
	first, err := store.Claim(ctx, "VAL-8", 30*time.Second)
	if err != nil {
		log.Fatal(err)
	}

	_, err = store.Claim(ctx, "VAL-8", 30*time.Second)
	fmt.Println("while the lease runs:", errors.Is(err, tokenstore.ErrInFlight))
	fmt.Println(err)

	now = now.Add(30 * time.Second)
	second, err := store.Claim(ctx, "VAL-8", 30*time.Second)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after the lease: taken over", second.ClaimID != first.ClaimID)

	_, err = store.Complete(ctx, "VAL-8", first.ClaimID, tokenstore.Completion{
		Outcome: tokenstore.StatusSucceeded,
	})
	fmt.Println("first holder has lost the claim:", errors.Is(err, tokenstore.ErrClaimLost))
	// Output:
	// while the lease runs: true
	// tokenstore: claim "VAL-8": record is claimed by another delivery (lease ends 2026-03-04T09:30:30Z)
	// after the lease: taken over true
	// first holder has lost the claim: true
}

// The DynamoDB store takes a *dynamodb.Client (or anything with its
// GetItem, UpdateItem and DeleteItem methods) and the table name.
func ExampleNew() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	store := tokenstore.New(dynamodb.NewFromConfig(cfg), "task-tokens",
		func(o *tokenstore.Options) {
			o.KeyAttribute = "pk"             // the table's partition key
			o.Retention = 90 * 24 * time.Hour // keep outcomes for duplicate checks
		})
	_, err = store.Save(ctx, tokenstore.Record{Reference: "VAL-9", Token: "AQB4..."})
	if err != nil {
		log.Fatal(err)
	}
}

// CreateTable makes a table with the schema the store needs, for tests and
// examples.
func ExampleCreateTable() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	if err := tokenstore.CreateTable(ctx, dynamodb.NewFromConfig(cfg), "task-tokens"); err != nil {
		log.Fatal(err)
	}
}

// A record can be logged as it is: log/slog and fmt show the token's
// fingerprint, never the token.
func ExampleRecord_LogValue() {
	ctx := context.Background()
	now := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	store := memstore.New(func(o *memstore.Options) { o.Clock = func() time.Time { return now } })
	saved, err := store.Save(ctx, tokenstore.Record{
		Reference: "VAL-2026-0042",
		Token:     "AQB4AAAAKAAAAAMAAAAA-secret",
		StateName: "WaitForValuation",
		Deadline:  now.Add(time.Hour),
	})
	if err != nil {
		log.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // keep the output stable
			}
			return a
		},
	}))
	logger.Info("saved", "record", saved)
	fmt.Println(strings.Contains(fmt.Sprint(saved), saved.Token))
	// Output:
	// level=INFO msg=saved record.reference=VAL-2026-0042 record.status=PENDING record.attempt=1 record.tokenFingerprint=945a7d19cb9d9877 record.stateName=WaitForValuation record.createdAt=2026-03-04T09:00:00.000Z record.deadline=2026-03-04T10:00:00.000Z record.expiresAt=2026-04-03T10:00:00.000Z
	// false
}

// String shows the fields that are set, the token as its placeholder.
func ExampleRecord_String() {
	rec := tokenstore.Record{
		Reference: "VAL-2026-0042",
		Token:     "AQB4AAAAKAAAAAMAAAAA-secret",
		Status:    tokenstore.StatusClaimed,
		Attempt:   2,
		ClaimID:   "c-81f2",
		LeaseEnd:  time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC),
	}
	fmt.Println(rec)
	// Output:
	// reference="VAL-2026-0042" status=CLAIMED attempt=2 token=[task token 945a7d19cb9d9877] claimId="c-81f2" leaseEnd=2026-03-04T09:30:00Z
}

// CheckToken is the rule Save applies to a token: a token mangled on its
// way to the save is refused then, not when the callback comes.
func ExampleCheckToken() {
	for _, token := range []string{
		"AQCEAAAAKgAAAAMAAAAAAAAAAbR5Qm9+kX2/ZHJvcC1zZWNyZXQ=",
		"AQCEAAAAKgAAAAMAAAAAAAAAAbR5Qm9+kX2/ZHJvcC1zZWNyZXQ=\n",
		"$$.Task.Token",
	} {
		fmt.Println(tokenstore.CheckToken(token))
	}
	// Output:
	// <nil>
	// tokenstore: invalid input: token contains whitespace
	// tokenstore: invalid input: token is an unresolved placeholder (a $ path or {% %} expression)
}
