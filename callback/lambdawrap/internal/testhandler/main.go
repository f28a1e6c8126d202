// Command testhandler is a task worker wrapped with lambdawrap.Task, run as
// a local process under the engine's Lambda Runtime API by the package's
// integration test.
//
// Its input is {"value": n} for a success with {"doubled": 2n, "function":
// <function name>}, {"fail": "<code>"} for a failure with that error code,
// or {"panic": true} for a panic.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/sfnctx"
)

type request struct {
	Value int    `json:"value"`
	Fail  string `json:"fail"`
	Panic bool   `json:"panic"`
}

type response struct {
	Doubled  int    `json:"doubled"`
	Function string `json:"function"`
	Token    bool   `json:"tokenInContext"`
}

func double(ctx context.Context, req request) (response, error) {
	if req.Fail != "" {
		return response{}, lambdawrap.WithCode(req.Fail, errors.New("asked to fail"))
	}
	if req.Panic {
		panic("asked to panic")
	}
	l, _ := sfnctx.LambdaFromContext(ctx)
	c, ok := sfnctx.FromContext(ctx)
	return response{Doubled: 2 * req.Value, Function: l.FunctionName,
		Token: ok && c.Task.Token != ""}, nil
}

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "testhandler: load AWS config:", err)
		os.Exit(1)
	}
	client := callback.New(sfn.NewFromConfig(cfg))
	lambda.Start(lambdawrap.Task(client, double,
		func(o *lambdawrap.TaskOptions) { o.PayloadField = "input" }))
}
