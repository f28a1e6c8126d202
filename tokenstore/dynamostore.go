package tokenstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoStore is the [Store] on a DynamoDB table. Each method that changes a
// record is one conditional write; the conditions compare the stored times
// with the store's clock, so leases, deadlines and expiry hold whether or not
// DynamoDB TTL has deleted an item yet. It is safe for concurrent use.
type DynamoStore struct {
	client DynamoDBAPI
	table  string
	opts   Options
}

var _ Store = (*DynamoStore)(nil)

// New returns a store on table through client. It does no I/O; the table
// must exist with the schema described in the package documentation (see
// [CreateTable]). A store made with a nil client or an empty table name
// refuses every call with [ErrInvalidInput], sending nothing.
func New(client DynamoDBAPI, table string, optFns ...func(*Options)) *DynamoStore {
	return &DynamoStore{client: client, table: table, opts: resolveOptions(optFns)}
}

// Get returns the record for reference with a consistent read, or
// [ErrNotFound]; see [Store.Get].
func (s *DynamoStore) Get(ctx context.Context, reference string) (*Record, error) {
	if err := s.ready(ctx, "get", reference); err != nil {
		return nil, err
	}
	if err := ValidateReference("get", reference); err != nil {
		return nil, err
	}
	stored, err := s.read(ctx, reference)
	if err != nil {
		return nil, &Error{Op: "get", Reference: reference, Cause: err}
	}
	if stored == nil {
		return nil, &Error{Op: "get", Reference: reference, Kind: ErrNotFound}
	}
	return stored, nil
}

// Delete removes the record for reference; see [Store.Delete].
func (s *DynamoStore) Delete(ctx context.Context, reference string) error {
	if err := s.ready(ctx, "delete", reference); err != nil {
		return err
	}
	if err := ValidateReference("delete", reference); err != nil {
		return err
	}
	_, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: &s.table,
		Key:       s.key(reference),
	})
	if err != nil {
		return &Error{Op: "delete", Reference: reference, Cause: err}
	}
	return nil
}

// ready checks that op can be sent at all: a context is given, the store
// was made by [New] with a client and a table name, and its key attribute is not one of the
// record's attribute names, which the store writes.
func (s *DynamoStore) ready(ctx context.Context, op, reference string) error {
	if err := ValidateContext(ctx, op, reference); err != nil {
		return err
	}
	switch {
	case s == nil || s.client == nil:
		return invalid(op, reference, "the store has no DynamoDB client (make it with New)")
	case s.table == "":
		return invalid(op, reference, "the store has no table name (give New one)")
	case recordAttribute(s.opts.KeyAttribute):
		return invalid(op, reference, "key attribute "+strconv.Quote(s.opts.KeyAttribute)+
			" is also an attribute of the record")
	}
	return nil
}

// read returns the stored record with a consistent read, or nil when there
// is none.
func (s *DynamoStore) read(ctx context.Context, reference string) (*Record, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      &s.table,
		Key:            s.key(reference),
		ConsistentRead: new(true),
	})
	if err != nil {
		return nil, err
	}
	if len(out.Item) == 0 {
		return nil, nil
	}
	return decodeRecord(out.Item, s.opts.KeyAttribute)
}

// key returns the item key for reference.
func (s *DynamoStore) key(reference string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{s.opts.KeyAttribute: stringValue(reference)}
}

// now reads the clock, cut to the millisecond as times are stored.
func (s *DynamoStore) now() time.Time {
	return Millis(s.opts.Clock())
}

// conditionalUpdate is the input of one conditional UpdateItem that returns
// the old item when its condition fails.
func (s *DynamoStore) conditionalUpdate(
	reference, update, condition string, values map[string]types.AttributeValue,
	returnValues types.ReturnValue,
) *dynamodb.UpdateItemInput {
	names := placeholderNames(s.opts.KeyAttribute, update, condition)
	return &dynamodb.UpdateItemInput{
		TableName:                           &s.table,
		Key:                                 s.key(reference),
		UpdateExpression:                    &update,
		ConditionExpression:                 &condition,
		ExpressionAttributeNames:            names,
		ExpressionAttributeValues:           values,
		ReturnValues:                        returnValues,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	}
}

// placeholderNames returns the ExpressionAttributeNames for the #name
// placeholders in exprs: #k stands for keyAttr, any other #name for the
// attribute of that name.
func placeholderNames(keyAttr string, exprs ...string) map[string]string {
	names := make(map[string]string, 8)
	for _, expr := range exprs {
		for {
			i := strings.IndexByte(expr, '#')
			if i < 0 {
				break
			}
			expr = expr[i+1:]
			end := strings.IndexFunc(expr, func(r rune) bool {
				return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
			})
			if end < 0 {
				end = len(expr)
			}
			attr := expr[:end]
			if attr == "k" {
				names["#k"] = keyAttr
			} else {
				names["#"+attr] = attr
			}
			expr = expr[end:]
		}
	}
	return names
}

func stringValue(s string) types.AttributeValue {
	return &types.AttributeValueMemberS{Value: s}
}

func numberValue(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}
