package tokenstore

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// DynamoDBAPI is the part of *dynamodb.Client that [DynamoStore] calls, with
// the SDK's signatures, so that *dynamodb.Client satisfies it and so can a
// fake or a wrapper.
type DynamoDBAPI interface {
	UpdateItem(ctx context.Context, params *dynamodb.UpdateItemInput,
		optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	GetItem(ctx context.Context, params *dynamodb.GetItemInput,
		optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	DeleteItem(ctx context.Context, params *dynamodb.DeleteItemInput,
		optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

// DefaultKeyAttribute is the partition key attribute name used unless
// [Options.KeyAttribute] says otherwise.
const DefaultKeyAttribute = "reference"

// Options configure a [DynamoStore] and [CreateTable]. The zero value is
// valid: every field has a default.
type Options struct {
	// KeyAttribute names the table's partition key attribute (type S), which
	// holds the reference. It must differ from the record's other attribute
	// names (see the package documentation): a store whose key is one of
	// them refuses every call with [ErrInvalidInput]. Default: "reference".
	KeyAttribute string

	// Clock returns the current time, which decides leases, deadlines and
	// expiry: the store compares it with the stored times in its condition
	// expressions. Default: time.Now.
	Clock func() time.Time

	// Retention is how long a record is kept after its deadline (or after
	// it was saved, when the deadline is unknown) and after it was
	// completed; it sets the TTL attribute. Default: [DefaultRetention].
	Retention time.Duration
}

func resolveOptions(optFns []func(*Options)) Options {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	if o.KeyAttribute == "" {
		o.KeyAttribute = DefaultKeyAttribute
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	return o
}
