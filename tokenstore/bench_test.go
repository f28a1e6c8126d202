package tokenstore_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// BenchmarkRedeem measures a claim and a complete, the work of one callback.
// On DynamoDB it runs over a real SDK client against a local HTTP responder
// that answers at once, so it measures the store and the SDK, not a network;
// dynamodb-store-only leaves the SDK out too.
func BenchmarkRedeem(b *testing.B) {
	_, client := newFakeDynamo(b, answerWrites)
	for _, s := range benchStores(client) {
		b.Run(s.name, func(b *testing.B) {
			store := s.open()
			refs := make([]string, b.N)
			for i := range refs {
				refs[i] = "VAL-" + strconv.Itoa(i)
				rec := tokenstore.Record{Reference: refs[i], Token: "AQB4token"}
				if _, err := store.Save(b.Context(), rec); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for _, ref := range refs {
				redeem(b, store, ref)
			}
		})
	}
}

func redeem(b *testing.B, store tokenstore.Store, ref string) {
	claimed, err := store.Claim(b.Context(), ref, time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	_, err = store.Complete(b.Context(), ref, claimed.ClaimID,
		tokenstore.Completion{Outcome: tokenstore.StatusSucceeded})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSave measures saving a token.
func BenchmarkSave(b *testing.B) {
	_, client := newFakeDynamo(b, answerWrites)
	for _, s := range benchStores(client) {
		b.Run(s.name, func(b *testing.B) {
			store := s.open()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				rec := tokenstore.Record{Reference: "VAL-" + strconv.Itoa(i), Token: "AQB4token"}
				if _, err := store.Save(b.Context(), rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchStores lists the stores measured, each opened afresh for every run.
func benchStores(client tokenstore.DynamoDBAPI) []struct {
	name string
	open func() tokenstore.Store
} {
	return []struct {
		name string
		open func() tokenstore.Store
	}{
		{"memstore", func() tokenstore.Store { return memstore.New() }},
		{"dynamodb", func() tokenstore.Store { return tokenstore.New(client, "tokens") }},
		{"dynamodb-store-only", func() tokenstore.Store {
			return tokenstore.New(answeringClient{}, "tokens")
		}},
	}
}

// answeringClient answers every write in process with the same claimed item,
// so that a benchmark over it measures the store's own work without the SDK.
type answeringClient struct{ tokenstore.DynamoDBAPI }

var claimedAttributes = map[string]types.AttributeValue{
	"reference": &types.AttributeValueMemberS{Value: "VAL-1"},
	"token":     &types.AttributeValueMemberS{Value: "AQB4token"},
	"status":    &types.AttributeValueMemberS{Value: "CLAIMED"},
	"attempt":   &types.AttributeValueMemberN{Value: "1"},
	"createdAt": &types.AttributeValueMemberN{Value: "1767322925000"},
	"expiresAt": &types.AttributeValueMemberN{Value: "1769915045"},
	"claimId":   &types.AttributeValueMemberS{Value: "c1"},
	"leaseEnd":  &types.AttributeValueMemberN{Value: "1767323075000"},
}

func (answeringClient) UpdateItem(context.Context, *dynamodb.UpdateItemInput,
	...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	return &dynamodb.UpdateItemOutput{Attributes: claimedAttributes}, nil
}
