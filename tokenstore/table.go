package tokenstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TableAPI is the part of *dynamodb.Client that [CreateTable] calls, with the
// SDK's signatures.
type TableAPI interface {
	CreateTable(ctx context.Context, params *dynamodb.CreateTableInput,
		optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	DescribeTable(ctx context.Context, params *dynamodb.DescribeTableInput,
		optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	UpdateTimeToLive(ctx context.Context, params *dynamodb.UpdateTimeToLiveInput,
		optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error)
}

// tableActiveWait bounds how long CreateTable waits for a new table.
const tableActiveWait = 5 * time.Minute

// CreateTable creates table with the schema a [DynamoStore] needs, for tests
// and examples: a partition key of type S named [Options.KeyAttribute],
// on-demand capacity (PAY_PER_REQUEST), and TTL on the "expiresAt"
// attribute. It waits until the table is active when the engine creates it
// asynchronously. Only KeyAttribute is read from the options.
//
// Production tables are better declared with the rest of the
// infrastructure; the package documentation gives the schema.
func CreateTable(
	ctx context.Context, client TableAPI, table string, optFns ...func(*Options),
) error {
	opts := resolveOptions(optFns)
	switch {
	case ctx == nil:
		return fmt.Errorf("tokenstore: create table %s: nil context", table)
	case client == nil:
		return fmt.Errorf("tokenstore: create table %s: no DynamoDB client", table)
	case table == "":
		return errors.New("tokenstore: create table: empty table name")
	case recordAttribute(opts.KeyAttribute):
		return fmt.Errorf("tokenstore: create table %s: key attribute %q is also "+
			"an attribute of the record", table, opts.KeyAttribute)
	}
	out, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: &table,
		AttributeDefinitions: []types.AttributeDefinition{{
			AttributeName: &opts.KeyAttribute, AttributeType: types.ScalarAttributeTypeS,
		}},
		KeySchema: []types.KeySchemaElement{{
			AttributeName: &opts.KeyAttribute, KeyType: types.KeyTypeHash,
		}},
		BillingMode: types.BillingModePayPerRequest,
	})
	if err != nil {
		return fmt.Errorf("tokenstore: create table %s: %w", table, err)
	}
	if out.TableDescription == nil || out.TableDescription.TableStatus != types.TableStatusActive {
		if err := awaitActive(ctx, client, table); err != nil {
			return err
		}
	}
	return enableTTL(ctx, client, table)
}

// awaitActive waits until a table just created is active.
func awaitActive(ctx context.Context, client TableAPI, table string) error {
	waiter := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = time.Second, 10*time.Second
	})
	in := &dynamodb.DescribeTableInput{TableName: &table}
	if err := waiter.Wait(ctx, in, tableActiveWait); err != nil {
		return fmt.Errorf("tokenstore: wait for table %s: %w", table, err)
	}
	return nil
}

// enableTTL turns on time to live on the record's expiry attribute.
func enableTTL(ctx context.Context, client TableAPI, table string) error {
	_, err := client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: &table,
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(attrExpiresAt), Enabled: aws.Bool(true),
		},
	})
	if err != nil {
		return fmt.Errorf("tokenstore: enable TTL on table %s: %w", table, err)
	}
	return nil
}
