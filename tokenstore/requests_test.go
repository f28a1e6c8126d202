package tokenstore_test

import (
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// claimedItem is what the fake answers every write with: a claimed record
// in DynamoDB JSON.
const claimedItem = `{"reference":{"S":"val-7"},"token":{"S":"AQB4token"},` +
	`"status":{"S":"CLAIMED"},"attempt":{"N":"1"},"createdAt":{"N":"1767322925000"},` +
	`"expiresAt":{"N":"1769915045"},"claimId":{"S":"c1"},"leaseEnd":{"N":"1767323075000"}}`

// answerWrites answers like DynamoDB when every condition holds.
func answerWrites(op string, _ map[string]any) (int, string) {
	switch op {
	case "UpdateItem":
		return http.StatusOK, `{"Attributes":` + claimedItem + `}`
	case "GetItem":
		return http.StatusOK, `{"Item":` + claimedItem + `}`
	}
	return http.StatusOK, `{}`
}

// TestHappyPathCost counts the calls of a save and a redeem: one write
// each, no read.
func TestHappyPathCost(t *testing.T) {
	_, client := newFakeDynamo(t, answerWrites)
	counter := counting(client)
	store := tokenstore.New(counter, "tokens")
	ctx := t.Context()

	_, err := store.Save(ctx, tokenstore.Record{Reference: "val-7", Token: "AQB4token"})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"UpdateItem": 1}, counter.take(), "save")

	claimed, err := store.Claim(ctx, "val-7", time.Minute)
	require.NoError(t, err)
	_, err = store.Complete(ctx, "val-7", claimed.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"UpdateItem": 2}, counter.take(), "redeem")
}

// TestRequestsAreValid checks every request the store sends as DynamoDB
// checks it: each expression placeholder is defined, each definition used
// (DynamoDB refuses unused ones), and every conditional write asks for the
// old item on failure.
func TestRequestsAreValid(t *testing.T) {
	fake, client := newFakeDynamo(t, answerWrites)
	store := tokenstore.New(client, "tokens", func(o *tokenstore.Options) { o.KeyAttribute = "pk" })
	ctx := t.Context()
	now := time.Now()

	_, err := store.Save(ctx, tokenstore.Record{
		Reference: "val-7", Token: "AQB4token", ExecutionARN: "arn:aws:states:::execution:m:e",
		StateMachineARN: "arn:aws:states:::stateMachine:m", StateName: "Wait",
		EnteredTime: now, RetryCount: 1, Deadline: now.Add(time.Hour),
	})
	require.NoError(t, err)
	_, err = store.Save(ctx, tokenstore.Record{Reference: "val-7", Token: "AQB4token", Attempt: 4})
	require.NoError(t, err)
	_, err = store.Claim(ctx, "val-7", time.Minute)
	require.NoError(t, err)
	_, err = store.Complete(ctx, "val-7", "c1", tokenstore.Completion{
		Outcome: tokenstore.StatusFailed, ErrorCode: "E", OutputHash: "h",
	})
	require.NoError(t, err)
	_, err = store.Complete(ctx, "val-7", "c1",
		tokenstore.Completion{Outcome: tokenstore.StatusLate})
	require.NoError(t, err)
	require.NoError(t, store.Release(ctx, "val-7", "c1"))
	_, err = store.Get(ctx, "val-7")
	require.NoError(t, err)
	require.NoError(t, store.Delete(ctx, "val-7"))

	want := []string{"UpdateItem", "UpdateItem", "UpdateItem", "UpdateItem", "UpdateItem",
		"UpdateItem", "GetItem", "DeleteItem"}
	require.Equal(t, want, fake.ops())
	for i, req := range fake.requests {
		assert.Equal(t, "tokens", req.Body["TableName"], "request %d", i)
		assert.Equal(t, []string{"pk"}, keysOf(req.Body, "Key"), "request %d", i)
		if req.Op != "UpdateItem" {
			continue
		}
		names, values := placeholdersUsed(req.Body)
		assert.Equal(t, names, keysOf(req.Body, "ExpressionAttributeNames"), "request %d", i)
		assert.Equal(t, values, keysOf(req.Body, "ExpressionAttributeValues"), "request %d", i)
		assert.NotEmpty(t, req.Body["ConditionExpression"], "request %d", i)
		assert.Equal(t, "ALL_OLD", req.Body["ReturnValuesOnConditionCheckFailure"], "request %d", i)
		assert.Empty(t, bareNames(req.Body), "request %d names attributes without #", i)
	}
}

// expressionWords are the words of DynamoDB's expression syntax the store
// uses; any other word in an expression would be an attribute name written
// without a #name placeholder, which fails on DynamoDB's reserved words
// (STATUS, TOKEN and TTL among them).
var expressionWords = map[string]bool{
	"SET": true, "REMOVE": true, "AND": true, "OR": true, "NOT": true,
	"attribute_exists": true, "attribute_not_exists": true, "if_not_exists": true,
}

var word = regexp.MustCompile(`[#:]?[A-Za-z_][A-Za-z0-9_]*`)

// bareNames returns the words in the request's expressions that are neither
// placeholders nor expression syntax.
func bareNames(body map[string]any) []string {
	var bare []string
	for _, field := range []string{"UpdateExpression", "ConditionExpression"} {
		expr, _ := body[field].(string)
		for _, w := range word.FindAllString(expr, -1) {
			if w[0] != '#' && w[0] != ':' && !expressionWords[w] {
				bare = append(bare, w)
			}
		}
	}
	return bare
}
