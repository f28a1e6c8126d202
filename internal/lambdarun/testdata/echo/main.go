// Command echo is a Lambda handler for lambdarun's integration test: it
// answers with its event and what lambdacontext says about the invocation.
package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type answer struct {
	Event        json.RawMessage `json:"event"`
	FunctionARN  string          `json:"functionArn"`
	RequestID    string          `json:"requestId"`
	FunctionName string          `json:"functionName"`
	HasDeadline  bool            `json:"hasDeadline"`
	Greeting     string          `json:"greeting"`
}

func main() {
	lambda.Start(func(ctx context.Context, event json.RawMessage) (answer, error) {
		lc, _ := lambdacontext.FromContext(ctx)
		_, hasDeadline := ctx.Deadline()
		a := answer{Event: event, FunctionName: lambdacontext.FunctionName,
			HasDeadline: hasDeadline, Greeting: os.Getenv("GREETING")}
		if lc != nil {
			a.FunctionARN, a.RequestID = lc.InvokedFunctionArn, lc.AwsRequestID
		}
		return a, nil
	})
}
