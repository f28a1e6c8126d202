// Command notifyfailure is the NotifyFailure Lambda of the loan-valuation
// example. The state machine invokes it from its Catch branches (task timed
// out, valuation failed, valuation request failed) to publish a notice to
// the error topic before it ends in a Fail state.
//
// On AWS a Task with arn:aws:states:::sns:publish could publish directly.
// The local engine (kumo v0.33.1) does not implement that integration, so
// the definition invokes this small function instead, on AWS as locally;
// the notices then share the errnotify envelope with those of the
// ValuationCallback Lambda.
//
// Configuration, from the environment:
//
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
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/tasktoken/tasktoken/errnotify"
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
	topic := os.Getenv("ERROR_TOPIC_ARN")
	if topic == "" {
		return nil, fmt.Errorf("notifyfailure: set ERROR_TOPIC_ARN")
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("notifyfailure: load AWS config: %w", err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	return &handler{notifier: errnotify.New(sns.NewFromConfig(cfg), topic,
		func(o *errnotify.Options) { o.Logger = logger })}, nil
}
