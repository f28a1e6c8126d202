// Command requestvaluation is the RequestValuation Lambda of the
// loan-valuation example. The state machine invokes it with
// lambda:invoke.waitForTaskToken; it stores the task token in DynamoDB
// under a new valuation reference, then asks the valuation service to
// value the property. The ValuationCallback Lambda redeems the token when
// the service calls back.
//
// Configuration, from the environment:
//
//	TOKEN_TABLE            DynamoDB table holding the tokens (required)
//	VALUATION_SERVICE_URL  base URL of the valuation service (required)
//
// The AWS SDK reads the rest as usual (region, credentials and, for a local
// run, AWS_ENDPOINT_URL).
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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
	table := os.Getenv("TOKEN_TABLE")
	serviceURL := strings.TrimRight(os.Getenv("VALUATION_SERVICE_URL"), "/")
	if table == "" || serviceURL == "" {
		return nil, fmt.Errorf("requestvaluation: set TOKEN_TABLE and VALUATION_SERVICE_URL")
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("requestvaluation: load AWS config: %w", err)
	}
	return &handler{
		store:      tokenstore.New(dynamodb.NewFromConfig(cfg), table),
		client:     &http.Client{Timeout: 10 * time.Second},
		serviceURL: serviceURL,
		now:        time.Now,
	}, nil
}
