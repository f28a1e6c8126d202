// Command valuationcallback is the ValuationCallback Lambda of the
// loan-valuation example: the webhook the valuation service calls when a
// valuation is done. It checks the caller's HMAC signature, then redeems
// the task token stored under the valuation reference, sending the
// valuation as the task's output, or the error ValuationFailed when the
// property could not be valued.
//
// Late, duplicate and unknown-reference callbacks never complete anything:
// the callback package answers them from the token store or from Step
// Functions' TaskTimedOut, and publishes a notice to the error topic with
// this function's ARN and request id. The HTTP answer says which it was
// (200 completed, 401 bad signature, 404 unknown reference, 409 duplicate,
// 410 late, 503 retry later). A valuation too large to be the task's output
// fails the task with ValuationOutputRefused (413), so the execution does
// not wait until it times out.
//
// Configuration, from the environment:
//
//	TOKEN_TABLE      DynamoDB table holding the tokens (required)
//	WEBHOOK_SECRET   HMAC secret shared with the valuation service (required)
//	ERROR_TOPIC_ARN  SNS topic for failure notices (required)
//
// The AWS SDK reads the rest as usual (region, credentials and, for a local
// run, AWS_ENDPOINT_URL).
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/tokenstore"
)

func main() {
	h, err := newHandler(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lambda.Start(h.Handle)
}

// newHandler builds the handler from the environment.
func newHandler(ctx context.Context) (*handler, error) {
	table, secret, topic := os.Getenv("TOKEN_TABLE"), os.Getenv("WEBHOOK_SECRET"),
		os.Getenv("ERROR_TOPIC_ARN")
	if table == "" || secret == "" || topic == "" {
		return nil, fmt.Errorf("valuationcallback: set TOKEN_TABLE, WEBHOOK_SECRET and ERROR_TOPIC_ARN")
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("valuationcallback: load AWS config: %w", err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	client := callback.New(sfn.NewFromConfig(cfg), func(o *callback.Options) {
		o.Store = tokenstore.New(dynamodb.NewFromConfig(cfg), table)
		o.Notifier = errnotify.New(sns.NewFromConfig(cfg), topic, func(o *errnotify.Options) {
			o.Logger = logger
		})
		o.Logger = logger
	})
	return &handler{secret: []byte(secret), redeemer: client, logger: logger}, nil
}
