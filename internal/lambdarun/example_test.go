package lambdarun_test

import (
	"fmt"

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
