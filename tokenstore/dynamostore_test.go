package tokenstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/tokenstoretest"
)

// The real client satisfies the narrow interfaces.
var (
	_ tokenstore.DynamoDBAPI = (*dynamodb.Client)(nil)
	_ tokenstore.TableAPI    = (*dynamodb.Client)(nil)
)

// countingClient counts the calls that reach a DynamoDB client.
type countingClient struct {
	tokenstore.DynamoDBAPI
	mu    sync.Mutex
	calls map[string]int
}

func counting(client tokenstore.DynamoDBAPI) *countingClient {
	return &countingClient{DynamoDBAPI: client, calls: map[string]int{}}
}

func (c *countingClient) count(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[op]++
}

// take returns the counts so far and starts again from zero.
func (c *countingClient) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	calls := c.calls
	c.calls = map[string]int{}
	return calls
}

func (c *countingClient) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput,
	optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	c.count("UpdateItem")
	return c.DynamoDBAPI.UpdateItem(ctx, in, optFns...)
}

func (c *countingClient) GetItem(ctx context.Context, in *dynamodb.GetItemInput,
	optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.count("GetItem")
	return c.DynamoDBAPI.GetItem(ctx, in, optFns...)
}

func (c *countingClient) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput,
	optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	c.count("DeleteItem")
	return c.DynamoDBAPI.DeleteItem(ctx, in, optFns...)
}

// engineTable creates a table on the local engine for one test, or skips
// the test when no engine is configured.
func engineTable(t *testing.T, optFns ...func(*tokenstore.Options)) (*dynamodb.Client, string) {
	t.Helper()
	client := dynamodb.NewFromConfig(enginetest.Config(t))
	table := enginetest.Name("tokenstore")
	require.NoError(t, tokenstore.CreateTable(t.Context(), client, table, optFns...))
	return client, table
}

func TestDynamoStoreConformance(t *testing.T) {
	for _, key := range []string{"", "pk"} {
		t.Run("key="+key, func(t *testing.T) {
			withKey := func(o *tokenstore.Options) { o.KeyAttribute = key }
			client, table := engineTable(t, withKey)
			tokenstoretest.Run(t, func(t *testing.T, clock func() time.Time) tokenstore.Store {
				return tokenstore.New(client, table, withKey, func(o *tokenstore.Options) {
					o.Clock = clock
				})
			})
		})
	}
}

// TestCreateTableOnEngine checks the table CreateTable makes: the key under
// the configured name, on-demand billing, and TTL on expiresAt.
func TestCreateTableOnEngine(t *testing.T) {
	client, table := engineTable(t, func(o *tokenstore.Options) { o.KeyAttribute = "pk" })

	described, err := client.DescribeTable(t.Context(),
		&dynamodb.DescribeTableInput{TableName: &table})
	require.NoError(t, err)
	desc := described.Table
	assert.Equal(t, types.TableStatusActive, desc.TableStatus)
	require.Len(t, desc.KeySchema, 1)
	assert.Equal(t, "pk", *desc.KeySchema[0].AttributeName)
	assert.Equal(t, types.KeyTypeHash, desc.KeySchema[0].KeyType)
	require.NotNil(t, desc.BillingModeSummary)
	assert.Equal(t, types.BillingModePayPerRequest, desc.BillingModeSummary.BillingMode)

	ttl, err := client.DescribeTimeToLive(t.Context(),
		&dynamodb.DescribeTimeToLiveInput{TableName: &table})
	require.NoError(t, err)
	assert.Equal(t, "expiresAt", *ttl.TimeToLiveDescription.AttributeName)
	assert.Equal(t, types.TimeToLiveStatusEnabled, ttl.TimeToLiveDescription.TimeToLiveStatus)
}

// TestDynamoStoreCostOnEngine counts the calls of a redeem on the engine:
// one write each for save, claim and complete, and one read more only to
// explain a refusal, since the engine returns no item with a failed
// condition.
func TestDynamoStoreCostOnEngine(t *testing.T) {
	client, table := engineTable(t)
	counter := counting(client)
	store := tokenstore.New(counter, table)
	ctx := t.Context()

	_, err := store.Save(ctx, tokenstore.Record{Reference: "val-1", Token: "token-1"})
	require.NoError(t, err)
	claimed, err := store.Claim(ctx, "val-1", time.Minute)
	require.NoError(t, err)
	done, err := store.Complete(ctx, "val-1", claimed.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"UpdateItem": 3}, counter.take())

	_, err = store.Claim(ctx, "val-1", time.Minute)
	var refusal *tokenstore.Error
	require.ErrorAs(t, err, &refusal)
	assert.ErrorIs(t, err, tokenstore.ErrCompleted)
	assert.Equal(t, tokenstore.StatusSucceeded, refusal.Status)
	assert.Equal(t, done.CompletedAt, refusal.CompletedAt)
	assert.Equal(t, map[string]int{"UpdateItem": 1, "GetItem": 1}, counter.take())

	// Marking a record late is one write; marking it again finds it LATE
	// with the same write and, on the engine, one read more.
	_, err = store.Save(ctx, tokenstore.Record{Reference: "val-2", Token: "token-2",
		Deadline: time.Now().Add(-time.Second)})
	require.NoError(t, err)
	counter.take()
	late, err := store.MarkLate(ctx, "val-2")
	require.NoError(t, err)
	assert.Equal(t, tokenstore.StatusLate, late.Status)
	assert.Equal(t, map[string]int{"UpdateItem": 1}, counter.take())
	again, err := store.MarkLate(ctx, "val-2")
	require.NoError(t, err)
	assert.Equal(t, late.CompletedAt, again.CompletedAt)
	assert.Equal(t, map[string]int{"UpdateItem": 1, "GetItem": 1}, counter.take())
}
