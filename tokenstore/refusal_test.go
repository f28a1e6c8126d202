package tokenstore_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// recordedNow is the clock of the recorded answers below: 2026-01-02T03:04:05Z.
var recordedNow = time.UnixMilli(1767323045000).UTC()

const recordedToken = "AQB4AAAAKAAAAAMAAAAAAAAAAXd1c2Vy-secret"

// TestRefusalFromReturnedItem plays DynamoDB answers carrying the item that
// failed the condition (ReturnValuesOnConditionCheckFailure=ALL_OLD): the
// store explains each refusal from that item and never reads it again.
func TestRefusalFromReturnedItem(t *testing.T) {
	tests := []struct {
		name  string
		key   string
		item  string
		call  func(context.Context, tokenstore.Store) error
		kind  error
		check func(*testing.T, *tokenstore.Error)
	}{{
		name: "claim of a completed record",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"SUCCEEDED"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
			`"expiresAt":{"N":"1769914985"},"claimId":{"S":"c1"},` +
			`"completedAt":{"N":"1767322985000"},"outputHash":{"S":"sha256:9f86"}}`,
		call: claimCall,
		kind: tokenstore.ErrCompleted,
		check: func(t *testing.T, e *tokenstore.Error) {
			assert.Equal(t, tokenstore.StatusSucceeded, e.Status)
			assert.Equal(t, recordedNow.Add(-time.Minute), e.CompletedAt)
			assert.Contains(t, e.Error(), "SUCCEEDED at 2026-01-02T03:03:05Z")
		},
	}, {
		name: "claim of a record in flight",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"CLAIMED"},"attempt":{"N":"2"},"createdAt":{"N":"1767322925000"},` +
			`"expiresAt":{"N":"1769915045"},"claimId":{"S":"c1"},"leaseEnd":{"N":"1767323075000"}}`,
		call: claimCall,
		kind: tokenstore.ErrInFlight,
		check: func(t *testing.T, e *tokenstore.Error) {
			assert.Equal(t, recordedNow.Add(30*time.Second), e.LeaseEnd)
			assert.Equal(t, int64(2), e.Attempt)
		},
	}, {
		name: "claim after the deadline",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"PENDING"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
			`"deadline":{"N":"1767323044000"},"expiresAt":{"N":"1769915044"}}`,
		call: claimCall,
		kind: tokenstore.ErrExpired,
		check: func(t *testing.T, e *tokenstore.Error) {
			assert.Equal(t, recordedNow.Add(-time.Second), e.ExpiredAt)
		},
	}, {
		name: "claim after the expiry, item not yet deleted by TTL",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"PENDING"},"attempt":{"N":"1"},"createdAt":{"N":"1764731045000"},` +
			`"expiresAt":{"N":"1767323045"}}`,
		call: claimCall,
		kind: tokenstore.ErrExpired,
		check: func(t *testing.T, e *tokenstore.Error) {
			assert.Equal(t, recordedNow, e.ExpiredAt)
		},
	}, {
		name: "save of a stale attempt",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"PENDING"},"attempt":{"N":"3"},"createdAt":{"N":"1767322925000"},` +
			`"expiresAt":{"N":"1769915045"}}`,
		call: func(ctx context.Context, s tokenstore.Store) error {
			_, err := s.Save(ctx, tokenstore.Record{Reference: "val-7", Token: "newer", Attempt: 2})
			return err
		},
		kind:  tokenstore.ErrSuperseded,
		check: func(t *testing.T, e *tokenstore.Error) { assert.Equal(t, int64(3), e.Attempt) },
	}, {
		name: "complete by a holder whose claim was taken over",
		key:  "pk",
		item: `{"pk":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"CLAIMED"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
			`"expiresAt":{"N":"1769915045"},"claimId":{"S":"theirs"},` +
			`"leaseEnd":{"N":"1767323075000"}}`,
		call: func(ctx context.Context, s tokenstore.Store) error {
			_, err := s.Complete(ctx, "val-7", "mine",
				tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
			return err
		},
		kind: tokenstore.ErrClaimLost,
		check: func(t *testing.T, e *tokenstore.Error) {
			assert.Equal(t, tokenstore.StatusClaimed, e.Status)
		},
	}, {
		name: "release of a completed record",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"LATE"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
			`"expiresAt":{"N":"1769914985"},"completedAt":{"N":"1767322985000"}}`,
		call: func(ctx context.Context, s tokenstore.Store) error {
			return s.Release(ctx, "val-7", "mine")
		},
		kind: tokenstore.ErrCompleted,
		check: func(t *testing.T, e *tokenstore.Error) {
			assert.Equal(t, tokenstore.StatusLate, e.Status)
		},
	}, {
		name: "mark late before the deadline",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"PENDING"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
			`"deadline":{"N":"1767323046000"},"expiresAt":{"N":"1769915046"}}`,
		call: markLateCall,
		kind: tokenstore.ErrNotLate,
		check: func(t *testing.T, e *tokenstore.Error) {
			assert.Equal(t, recordedNow.Add(time.Second), e.ExpiredAt)
			assert.Equal(t, "mark late", e.Op)
			assert.Contains(t, e.Error(), "deadline 2026-01-02T03:04:06Z")
		},
	}, {
		name: "mark late of a record completed before its deadline",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"FAILED"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
			`"deadline":{"N":"1767323044000"},"expiresAt":{"N":"1769914985"},` +
			`"claimId":{"S":"c1"},"completedAt":{"N":"1767322985000"},"errorCode":{"S":"E"}}`,
		call: markLateCall,
		kind: tokenstore.ErrCompleted,
		check: func(t *testing.T, e *tokenstore.Error) {
			assert.Equal(t, tokenstore.StatusFailed, e.Status)
			assert.Equal(t, "E", e.Record.ErrorCode)
		},
	}, {
		name: "claim that lost a race the item no longer shows",
		item: `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"PENDING"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
			`"expiresAt":{"N":"1769915045"}}`,
		call:  claimCall,
		kind:  tokenstore.ErrInFlight,
		check: func(t *testing.T, e *tokenstore.Error) { assert.NotEmpty(t, e.Detail) },
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake, client := newFakeDynamo(t, func(string, map[string]any) (int, string) {
				return conditionFailed(tt.item)
			})
			store := tokenstore.New(client, "tokens", func(o *tokenstore.Options) {
				o.Clock = func() time.Time { return recordedNow }
				o.KeyAttribute = tt.key
			})

			err := tt.call(t.Context(), store)

			require.ErrorIs(t, err, tt.kind)
			var refusal *tokenstore.Error
			require.ErrorAs(t, err, &refusal)
			assert.Equal(t, "val-7", refusal.Reference)
			tt.check(t, refusal)
			assert.Equal(t, []string{"UpdateItem"}, fake.ops(),
				"the refusal was not explained from the item")
			assert.Equal(t, "ALL_OLD", fake.last().Body["ReturnValuesOnConditionCheckFailure"])

			var failed *types.ConditionalCheckFailedException
			require.ErrorAs(t, err, &failed, "the AWS error is not reachable")
			assert.Nil(t, failed.Item, "the returned item, token included, stays in the error")
			assert.NotContains(t, err.Error(), recordedToken)
			assert.NotContains(t, fmt.Sprintf("%+v", err), recordedToken)
		})
	}
}

// TestItemThatIsNotARecord checks a failed condition on an item that is
// not a token record — a status the store never writes, or none, as another
// application's item sharing the table would have — is a failure naming the
// status, not a refusal a caller would retry.
func TestItemThatIsNotARecord(t *testing.T) {
	tests := []struct {
		name, item, want string
	}{
		{"unknown status", `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"ARCHIVED"},"attempt":{"N":"1"},"expiresAt":{"N":"1769915045"}}`,
			`status "ARCHIVED"`},
		{"no status", `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"}}`,
			`status ""`},
		{"no token", `{"reference":{"S":"val-7"},"status":{"S":"PENDING"},` +
			`"attempt":{"N":"1"},"expiresAt":{"N":"1769915045"}}`, `no token`},
		{"no attempt", `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
			`"status":{"S":"PENDING"},"expiresAt":{"N":"1769915045"}}`, `no attempt`},
		{"claimed without a lease", `{"reference":{"S":"val-7"},"token":{"S":"` +
			recordedToken + `"},"status":{"S":"CLAIMED"},"attempt":{"N":"1"},` +
			`"claimId":{"S":"c1"},"expiresAt":{"N":"1769915045"}}`, `claimed without`},
	}
	for _, tt := range tests {
		for _, via := range []string{"returned item", "consistent read"} {
			t.Run(tt.name+" from the "+via, func(t *testing.T) {
				checkNotRecord(t, tt.item, tt.want, via == "consistent read")
			})
		}
	}
}

// checkNotRecord plays item as the one failing a claim's and a save's
// condition — returned with the failure, or read after it when byRead —
// and as the one a Get reads: each call fails with want in its message.
func checkNotRecord(t *testing.T, item, want string, byRead bool) {
	t.Helper()
	_, client := newFakeDynamo(t, func(op string, _ map[string]any) (int, string) {
		switch {
		case op == "GetItem":
			return http.StatusOK, `{"Item":` + item + `}`
		case byRead:
			return conditionFailed(`{}`)
		}
		return conditionFailed(item)
	})
	store := tokenstore.New(client, "tokens", func(o *tokenstore.Options) {
		o.Clock = func() time.Time { return recordedNow }
	})
	_, saveErr := store.Save(t.Context(), tokenstore.Record{Reference: "val-7", Token: "AQB4new"})
	_, getErr := store.Get(t.Context(), "val-7")
	for op, err := range map[string]error{
		"claim": claimCall(t.Context(), store), "save": saveErr, "get": getErr,
	} {
		var e *tokenstore.Error
		require.ErrorAs(t, err, &e, op)
		assert.Nil(t, e.Kind, "%s: a foreign item explained as a refusal: %v", op, err)
		assert.Contains(t, err.Error(), want, op)
		assert.NotContains(t, err.Error(), recordedToken, op)
		if op != "get" {
			var failed *types.ConditionalCheckFailedException
			assert.ErrorAs(t, err, &failed, op)
		}
	}
}

func claimCall(ctx context.Context, s tokenstore.Store) error {
	_, err := s.Claim(ctx, "val-7", time.Minute)
	return err
}

func markLateCall(ctx context.Context, s tokenstore.Store) error {
	_, err := s.MarkLate(ctx, "val-7")
	return err
}

// TestRefusalWithoutReturnedItem checks the fallback: when the failure comes
// without an item, the store reads the item once to explain it.
func TestRefusalWithoutReturnedItem(t *testing.T) {
	fake, client := newFakeDynamo(t, func(op string, _ map[string]any) (int, string) {
		if op == "GetItem" {
			return http.StatusOK, `{"Item":{"reference":{"S":"val-7"},"token":{"S":"t"},` +
				`"status":{"S":"FAILED"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
				`"expiresAt":{"N":"1769914985"},"completedAt":{"N":"1767322985000"},` +
				`"errorCode":{"S":"Valuation.Rejected"}}}`
		}
		return http.StatusBadRequest,
			`{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",` +
				`"message":"The conditional request failed"}`
	})
	store := tokenstore.New(client, "tokens")

	_, err := store.Claim(t.Context(), "val-7", time.Minute)

	require.ErrorIs(t, err, tokenstore.ErrCompleted)
	assert.Equal(t, []string{"UpdateItem", "GetItem"}, fake.ops())
	assert.Equal(t, true, fake.last().Body["ConsistentRead"])
}

// TestFailureIsNotRefusal checks an AWS error other than a failed condition
// is returned as a failure: no sentinel, the AWS error as its cause.
func TestFailureIsNotRefusal(t *testing.T) {
	_, client := newFakeDynamo(t, func(string, map[string]any) (int, string) {
		return http.StatusBadRequest, `{"__type":"com.amazon.coral.validate#ValidationException",` +
			`"message":"One or more parameter values were invalid"}`
	})
	store := tokenstore.New(client, "tokens")

	_, err := store.Save(t.Context(), tokenstore.Record{Reference: "val-7", Token: recordedToken})

	var e *tokenstore.Error
	require.ErrorAs(t, err, &e)
	assert.Nil(t, e.Kind)
	for _, sentinel := range []error{tokenstore.ErrNotFound, tokenstore.ErrInFlight,
		tokenstore.ErrCompleted, tokenstore.ErrExpired, tokenstore.ErrClaimLost,
		tokenstore.ErrSuperseded, tokenstore.ErrInvalidInput} {
		assert.False(t, errors.Is(err, sentinel), "matches %v", sentinel)
	}
	var apiErr smithy.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "ValidationException", apiErr.ErrorCode())
	assert.Contains(t, err.Error(), `tokenstore: save "val-7": failed: `)
	assert.NotContains(t, err.Error(), recordedToken)
}

// TestCompleteRetriedBySDK plays a completion whose first UpdateItem went
// through but was answered with a server error, so the SDK retried it and
// DynamoDB refused the retry on the item the first one wrote: the holder
// gets its completed record back, not ErrCompleted.
func TestCompleteRetriedBySDK(t *testing.T) {
	completed := `{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken + `"},` +
		`"status":{"S":"SUCCEEDED"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
		`"expiresAt":{"N":"1769915045"},"claimId":{"S":"c1"},` +
		`"completedAt":{"N":"1767323045000"},"outputHash":{"S":"sha256:9f86"}}`
	fake, retrying := retriedOnce(t, func(map[string]any) (int, string) {
		return conditionFailed(completed)
	})
	store := tokenstore.New(retrying, "tokens", func(o *tokenstore.Options) {
		o.Clock = func() time.Time { return recordedNow }
	})

	done, err := store.Complete(t.Context(), "val-7", "c1", tokenstore.Completion{
		Outcome: tokenstore.StatusSucceeded, OutputHash: "sha256:9f86",
	})

	require.NoError(t, err)
	assert.Equal(t, tokenstore.StatusSucceeded, done.Status)
	assert.Equal(t, recordedNow, done.CompletedAt)
	assert.Equal(t, []string{"UpdateItem", "UpdateItem"}, fake.ops())
}

// retriedOnce returns a client to the fake that answers the first request
// with a server error and lets the SDK send it once more at once.
func retriedOnce(t *testing.T, answer func(body map[string]any) (int, string)) (
	*fakeDynamo, *dynamodb.Client,
) {
	t.Helper()
	var calls int
	fake, client := newFakeDynamo(t, func(_ string, body map[string]any) (int, string) {
		calls++
		if calls == 1 {
			return http.StatusInternalServerError,
				`{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError",` +
					`"message":"Internal server error"}`
		}
		return answer(body)
	})
	return fake, dynamodb.New(client.Options(), func(o *dynamodb.Options) {
		o.RetryMaxAttempts = 0 // the retryer below decides
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = 2
			so.Backoff = retry.BackoffDelayerFunc(
				func(int, error) (time.Duration, error) { return 0, nil })
		})
	})
}

// TestClaimRetriedBySDK plays a claim whose first UpdateItem went through
// but was answered with a server error: the retry finds the record claimed
// under the claim id it sent itself, and the claim is won, not in flight.
func TestClaimRetriedBySDK(t *testing.T) {
	fake, client := retriedOnce(t, func(body map[string]any) (int, string) {
		values, _ := body["ExpressionAttributeValues"].(map[string]any)
		claimID, _ := values[":claimId"].(map[string]any)["S"].(string)
		return conditionFailed(`{"reference":{"S":"val-7"},"token":{"S":"` + recordedToken +
			`"},"status":{"S":"CLAIMED"},"attempt":{"N":"1"},` +
			`"createdAt":{"N":"1767322925000"},"expiresAt":{"N":"1769915045"},` +
			`"claimId":{"S":"` + claimID + `"},"leaseEnd":{"N":"1767323105000"}}`)
	})
	store := tokenstore.New(client, "tokens", func(o *tokenstore.Options) {
		o.Clock = func() time.Time { return recordedNow }
	})

	claimed, err := store.Claim(t.Context(), "val-7", time.Minute)

	require.NoError(t, err)
	assert.Equal(t, tokenstore.StatusClaimed, claimed.Status)
	assert.Equal(t, recordedToken, claimed.Token)
	assert.Equal(t, recordedNow.Add(time.Minute), claimed.LeaseEnd)
	assert.Equal(t, []string{"UpdateItem", "UpdateItem"}, fake.ops())
}
