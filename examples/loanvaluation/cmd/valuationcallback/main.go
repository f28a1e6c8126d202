// Command valuationcallback is the ValuationCallback Lambda of the
// loan-valuation example: the webhook the valuation service calls when a
// valuation is done. It checks the caller's HMAC signature, then redeems
// the task token stored under the valuation reference, sending the
// valuation as the task's output, or the error ValuationFailed when the
// property could not be valued.
//
// A callback.Client with the DynamoDB token store redeems the reference,
// through a lambdawrap.Receiver, which answers the service with a status
// it can act on: 200 when the task was completed (also for a redelivery of
// the same callback, marked replayed), 401 for a bad signature, 404 for an
// unknown reference, 409 for a second callback with another outcome, 410
// for a late one, 429 or 503 to retry later, 500 when the stored token is
// unusable or the receiver is not configured. Late, duplicate and
// unknown-reference callbacks complete nothing; the callback client
// publishes a notice about each to the error topic, with this function's
// ARN and request id. A valuation too large to be the task's output
// (over 256 KiB) is refused by the receiver: it fails the task with
// ValuationOutputRefused, the valuation's size and hash as the cause, and
// answers 413, so the execution ends at once instead of timing out.
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

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/tokenstore"
)

func main() {
	handler, err := newHandler(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lambda.Start(handler)
}

// newHandler builds the webhook's Lambda handler from the environment.
func newHandler(ctx context.Context) (
	func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error),
	error) {
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
	receiver := lambdawrap.NewReceiver(client, receiverOptions(logger))
	w := &webhook{secret: []byte(secret), logger: logger}
	return receiver.HTTPAPI(w.extract), nil
}
