// Package tokenstore keeps Step Functions task tokens under the business
// reference an external party will call back with, and redeems each token at
// most once.
//
// A workflow that waits for a callback ("wait for a callback with a task
// token") hands its token to some code that saves it under a reference — a
// valuation reference, an order id. When the callback arrives with that
// reference, the handler claims the record, sends the outcome to Step
// Functions with the token, and completes the record. A second delivery of
// the same callback finds the record completed and is refused with
// [ErrCompleted], saying which outcome was sent and when; a delivery racing
// the first is refused with [ErrInFlight] until the first one's lease ends.
//
// [Store] is the contract. [DynamoStore] keeps records in a DynamoDB table;
// package memstore keeps them in memory for tests and examples; package
// tokenstoretest is the conformance suite both pass.
//
// # Lifecycle
//
//	 save (a newer attempt replaces a pending one)
//	   │
//	PENDING ──claim──▶ CLAIMED ──complete──▶ SUCCEEDED | FAILED | LATE
//	   │ ▲              │  ▲  │
//	   │ └──release─────┘  └──┘ claim again after the lease (takeover)
//	   │
//	   └──mark late, the deadline passed (or CLAIMED, lease ended)──▶ LATE
//
// [Store.Save] writes the token in status PENDING. It replaces a pending
// record, a record whose claim lease has ended, and an expired record, and
// counts one more attempt (or stores the attempt the caller names, which
// must be newer); it never replaces a completed record or one under an
// unexpired claim.
//
// A token is saved only when it passes [CheckToken], the rule package
// callback applies before it sends one to Step Functions: 1 to
// [MaxTokenBytes] bytes of printable ASCII without whitespace, not an
// unresolved placeholder ($$.Task.Token, {% $states.context.Task.Token %}),
// not quoted, not URL-encoded. Anything else is refused with
// [ErrInvalidInput] and nothing is written, so a token mangled on its way
// to the save (a trailing newline, a state that passed the path instead of
// its value) shows at once, not hours later as a callback that can never be
// redeemed.
//
// [Store.Claim] takes the record for a lease and returns it with a fresh
// ClaimID. Of any number of concurrent claims exactly one wins. When the
// lease ends before the holder completes or releases, another claim may take
// the record over; the first holder has then lost it.
//
// [Store.Complete] writes the outcome: SUCCEEDED, FAILED (with the error
// code sent) or LATE (Step Functions said the task had timed out). Only the
// holder of the current claim may complete, even after its lease ended as
// long as nobody took it over. [Store.Release] gives the claim back, for
// example after a send failed transiently, so that a redelivery can finish.
//
// [Store.MarkLate] closes an open record as LATE once its deadline has
// passed, without a claim and without asking Step Functions: a callback
// that arrives after the waiting state timed out records that it came late,
// and any later callback finds the record LATE ([ErrCompleted]) with no write.
// It is refused for a record under an unexpired claim ([ErrInFlight]), one
// without a deadline or before it ([ErrNotLate]), and one past its expiry
// ([ErrExpired]); rule [CheckLate].
//
// A write whose answer was lost may be sent again, by the SDK's retries or
// by the caller. A retry that finds its own write done gets the record back
// instead of a refusal: a save naming its attempt with the same token, a
// claim on DynamoDB (which knows its claim id), a completion by the same
// holder with the same outcome, a mark late on a record already LATE. A
// retried release is refused with [ErrClaimLost]: the record is pending, as
// the release left it.
//
// Times are decided by the store's clock, kept to the millisecond. A record
// with a deadline (when the waiting state times out) is refused once the
// deadline has passed; every record also has an expiry, the retention after
// its deadline (or its save, when the deadline is unknown) or after its
// completion, when it stops counting. Both are enforced by the store itself,
// not left to DynamoDB TTL, which may delete an expired item up to days later.
//
// # Refusals
//
// A refused operation returns an [*Error] matching exactly one sentinel with
// errors.Is; its fields say why. No error ever shows the token.
//
//	ErrNotFound      no record for the reference (never saved, deleted, or removed by TTL)
//	ErrInFlight      claimed by another delivery: LeaseEnd says until when; retry after it
//	ErrCompleted     already completed: Status is the outcome, CompletedAt when (a duplicate)
//	ErrExpired       deadline or expiry passed: ExpiredAt says which time (a late callback)
//	ErrClaimLost     the caller does not hold the claim (taken over or released)
//	ErrSuperseded    a save named an attempt not newer than the stored one (Attempt)
//	ErrNotLate       mark late before the deadline (ExpiredAt) or with none stored
//	ErrInvalidInput  refused before anything was written: Detail says what is wrong
//
// An operation that fails rather than being refused — DynamoDB unreachable,
// throttled past the SDK's retries, the table missing, the context canceled,
// an item under the reference that is not a token record — returns an
// [*Error] with a nil Kind whose Cause says why; an AWS error is reachable
// with errors.As.
//
// # Secrecy
//
// A task token lets whoever holds it complete the task. No [*Error] shows
// it: a refusal names the reference, and the item DynamoDB returns with a
// failed condition is dropped from the AWS error before it is returned. A
// [Record] printed with fmt (any verb) or its String method shows the
// token's placeholder "[task token <fingerprint>]" instead of the token, and
// log/slog its fingerprint alone (the attribute tokenFingerprint) — the
// first 8 bytes of its SHA-256 in hex, as sfnctx.TokenFingerprint gives.
// The Token field itself holds the token: encoding/json, for one, writes it
// out, and so does any printer that reads the fields itself instead of
// calling String or Format (see Limitations).
//
// # Table schema
//
// One item per reference, in a table that other items may share:
//
//   - partition key: the reference, type S, named "reference" by default
//     ([Options.KeyAttribute]); no sort key;
//   - time to live: enabled on the attribute "expiresAt";
//   - any capacity mode; [CreateTable] makes an on-demand (PAY_PER_REQUEST)
//     table for tests and examples.
//
// Declare only the key in the table's attribute definitions; the other
// attributes below are written by the store and need no declaration. In
// CloudFormation:
//
//	TokenTable:
//	  Type: AWS::DynamoDB::Table
//	  Properties:
//	    BillingMode: PAY_PER_REQUEST
//	    AttributeDefinitions:
//	      - AttributeName: reference
//	        AttributeType: S
//	    KeySchema:
//	      - AttributeName: reference
//	        KeyType: HASH
//	    TimeToLiveSpecification:
//	      AttributeName: expiresAt
//	      Enabled: true
//
// In Terraform:
//
//	resource "aws_dynamodb_table" "tokens" {
//	  name         = "task-tokens"
//	  billing_mode = "PAY_PER_REQUEST"
//	  hash_key     = "reference"
//	  attribute {
//	    name = "reference"
//	    type = "S"
//	  }
//	  ttl {
//	    attribute_name = "expiresAt"
//	    enabled        = true
//	  }
//	}
//
// The store reads and writes items with GetItem, UpdateItem and DeleteItem
// only, so its IAM policy needs dynamodb:GetItem, dynamodb:UpdateItem and
// dynamodb:DeleteItem on the table. The table holds the tokens: grant read
// access to nothing else that does not need them.
//
// # Item attributes
//
//	reference        S  the business reference (the partition key; name configurable)
//	token            S  the task token, up to 2,048 bytes: a secret
//	status           S  PENDING, CLAIMED, SUCCEEDED, FAILED or LATE
//	attempt          N  how many tokens were saved for the reference, from 1
//	executionArn     S  the waiting execution, when known
//	stateMachineArn  S  its state machine, when known
//	stateName        S  the waiting state, when known
//	enteredAt        N  when the state was entered, epoch milliseconds, when known
//	retryCount       N  the state's retry count, when not zero
//	createdAt        N  when this attempt was saved, epoch milliseconds
//	deadline         N  when the waiting state times out, epoch milliseconds, when known
//	expiresAt        N  when the record stops counting, epoch seconds (the TTL attribute)
//	claimId          S  the current (or completing) claim
//	leaseEnd         N  when the current claim's lease ends, epoch milliseconds
//	completedAt      N  when the outcome was written, epoch milliseconds
//	errorCode        S  the error code sent with a failure
//	outputHash       S  a hash of the output sent with a success, as the caller gave it
//
// Attributes without a value are left out of the item.
//
// # Cost
//
// Each method that changes a record is one conditional write: a save is one
// UpdateItem, a redeem two (claim and complete), marking a record late
// one (an UpdateItem that needs no claim), with no read. The
// conditions compare the stored times with the store's clock, so that a
// stale claim or an expired record is refused by DynamoDB itself and two
// writers can never both win. When a condition fails, DynamoDB returns the
// item as it stood (ReturnValuesOnConditionCheckFailure=ALL_OLD) and the
// store explains the refusal from it; only when no item comes back — the
// record is missing, or the engine does not return items, as some local
// emulators do not — does it read the item once with a consistent read.
// The refusal carries that record ([Error.Record]), so a caller that wants
// the earlier outcome of a duplicate needs no read of its own.
//
// # Limitations
//
// The store's clock decides leases, deadlines and expiry; hosts whose clocks
// disagree by more than a lease can take over a claim early. A lease that
// ends while its holder is still sending lets a redelivery take over and send
// the same token again (Step Functions accepts only one, and the store keeps
// the first holder from completing the record). Keep leases well above the
// clock skew of the hosts sharing a table and the time a send takes.
//
// A record without a deadline expires [DefaultRetention] after it was saved;
// a workflow that waits longer must save its deadline or raise
// [Options.Retention].
//
// An expired record counts as gone: a save replaces it even when it was
// completed, so a callback arriving after the expiry of a completed record
// is no longer recognised as a duplicate.
//
// A refusal for a missing record costs one read more on DynamoDB, which
// returns no item when there is none.
//
// A printer that walks a struct's fields itself shows the token in full.
// testify is one: a failing assert.Equal(t, want, rec) on a Record or
// *Record prints its diff with go-spew, which ignores String, Format and
// LogValue, so the token lands in the test log (a CI log, often). In tests,
// compare records field by field (assert.Equal(t, want.Status, rec.Status)),
// compare tokens with assert.True(t, want.Token == rec.Token), or compare
// what String returns (assert.Equal(t, want.String(), rec.String()));
// package tokenstoretest never compares whole records or tokens with
// testify.
package tokenstore
