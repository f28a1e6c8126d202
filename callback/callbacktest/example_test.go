package callbacktest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/tasktoken/tasktoken/callback/callbacktest"
)

// The fake answers like Step Functions: the first success completes the
// task, a second one gets TaskTimedOut.
func ExampleFake() {
	ctx := context.Background()
	fake := callbacktest.New()
	token := fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = time.Hour })
	in := &sfn.SendTaskSuccessInput{TaskToken: aws.String(token), Output: aws.String(`{"ok":true}`)}

	_, err := fake.SendTaskSuccess(ctx, in)
	fmt.Println(err)
	_, err = fake.SendTaskSuccess(ctx, in)
	fmt.Println(errors.As(err, new(*types.TaskTimedOut)))

	state, _ := fake.Task(token)
	fmt.Println(state.Status, len(fake.Calls()))
	// Output:
	// <nil>
	// true
	// SUCCEEDED 2
}

// Inject throttling for the next calls; package callback retries it.
func ExampleFake_InjectErrors() {
	fake := callbacktest.New()
	token := fake.StartTask()
	fake.InjectErrors(callbacktest.Throttling())

	_, err := fake.SendTaskHeartbeat(context.Background(),
		&sfn.SendTaskHeartbeatInput{TaskToken: aws.String(token)})
	fmt.Println(err != nil, fake.Calls()[0].Op)
	// Output:
	// true SendTaskHeartbeat
}
