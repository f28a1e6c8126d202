package lambdarun_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

func ExampleRuntimeAPI() {
	api, err := lambdarun.RuntimeAPI("http://127.0.0.1:4566", "ValuationCallback-3f9a")
	if err != nil {
		panic(err)
	}
	fmt.Println("AWS_LAMBDA_RUNTIME_API=" + api)
	// Output: AWS_LAMBDA_RUNTIME_API=127.0.0.1:4566/_runtime/ValuationCallback-3f9a
}

func ExampleLogBuffer() {
	// Keep the last 8 bytes the handler processes wrote.
	out := &lambdarun.LogBuffer{Keep: 8}
	fmt.Fprintln(out, "starting")
	fmt.Fprintln(out, "ready")
	fmt.Printf("%q\n", out.String())
	// Output: "g\nready\n"
}

// A handler process started for a function the engine knows; the engine
// answers invocations once the process polls for them.
func ExampleWaitInvokable() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithBaseEndpoint("http://127.0.0.1:4566"))
	if err != nil {
		panic(err)
	}
	output := &lambdarun.LogBuffer{Keep: 16 << 10}
	p, err := lambdarun.Start(ctx, lambdarun.Function{Name: "echo-3f9a",
		Binary: ".build/echo", Endpoint: "http://127.0.0.1:4566", Output: output})
	if err != nil {
		panic(err)
	}
	defer p.Stop()
	if _, err := lambdarun.WaitInvokable(ctx, lambda.NewFromConfig(cfg), "echo-3f9a",
		p); err != nil {
		fmt.Printf("%v\nhandler output:\n%s", err, output)
	}
}
