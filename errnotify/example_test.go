package errnotify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/sfnctx"
)

// printingSNS stands in for *sns.Client and prints what would be published.
type printingSNS struct{ err error }

func (p printingSNS) Publish(_ context.Context, in *sns.PublishInput,
	_ ...func(*sns.Options)) (*sns.PublishOutput, error) {
	if p.err != nil {
		return nil, p.err
	}
	fmt.Println("subject:", aws.ToString(in.Subject))
	names := make([]string, 0, len(in.MessageAttributes))
	for name := range in.MessageAttributes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Printf("attribute %s=%s\n", name, aws.ToString(in.MessageAttributes[name].StringValue))
	}
	var body bytes.Buffer
	_ = json.Indent(&body, []byte(aws.ToString(in.Message)), "", "  ")
	fmt.Println(body.String())
	return &sns.PublishOutput{MessageId: aws.String("1")}, nil
}

// A Lambda handler reports a late callback. The Step Functions and Lambda
// facts come from the context; the token appears only as a fingerprint.
func ExampleNotifier_Notify() {
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
		AwsRequestID:       "8f5e1c1e",
		InvokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:valuation-callback",
	})
	ctx = sfnctx.NewContext(ctx, &sfnctx.Context{
		Execution: sfnctx.Execution{
			ID: "arn:aws:states:eu-west-1:123456789012:execution:loans:run-42"},
		State: sfnctx.State{Name: "WaitForValuation"},
		Task:  sfnctx.Task{Token: "AQCEAAAAKgAAAAMAAAAA"},
	})

	n := errnotify.New(printingSNS{}, "arn:aws:sns:eu-west-1:123456789012:failures")
	err := n.Notify(ctx, errnotify.Notice{
		Description: "valuation callback arrived after the task timed out",
		Kind:        "late",
		Reference:   "VAL-1",
		Time:        time.Date(2026, 5, 4, 10, 5, 0, 0, time.UTC),
	})
	fmt.Println(err)
	// Output:
	// subject: late: valuation callback arrived after the task timed out
	// attribute executionArn=arn:aws:states:eu-west-1:123456789012:execution:loans:run-42
	// attribute functionName=valuation-callback
	// attribute kind=late
	// attribute reference=VAL-1
	// attribute retryCount=0
	// attribute source=arn:aws:lambda:eu-west-1:123456789012:function:valuation-callback
	// attribute stateMachineArn=arn:aws:states:eu-west-1:123456789012:stateMachine:loans
	// attribute stateName=WaitForValuation
	// attribute tokenFingerprint=a22666836283ff6d
	// attribute version=1
	// {
	//   "source": "arn:aws:lambda:eu-west-1:123456789012:function:valuation-callback",
	//   "description": "valuation callback arrived after the task timed out",
	//   "version": "1",
	//   "kind": "late",
	//   "reference": "VAL-1",
	//   "executionArn": "arn:aws:states:eu-west-1:123456789012:execution:loans:run-42",
	//   "stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:loans",
	//   "stateName": "WaitForValuation",
	//   "lambdaRequestId": "8f5e1c1e",
	//   "functionName": "valuation-callback",
	//   "consoleUrl": "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:loans:run-42",
	//   "tokenFingerprint": "a22666836283ff6d",
	//   "time": "2026-05-04T10:05:00Z"
	// }
	// <nil>
}

// Report hands back the original error; when SNS refuses the notice, the
// publish error is joined to it, never put in its place.
func ExampleNotifier_Report() {
	original := errors.New("callback: send task failure: throttled")
	n := errnotify.New(printingSNS{err: errors.New("sns: access denied")},
		"arn:aws:sns:eu-west-1:123456789012:failures")

	err := n.Report(context.Background(), original, errnotify.Notice{
		Description: "failure could not be sent", Kind: "send_failed"})
	fmt.Println(errors.Is(err, original), errors.Is(err, errnotify.ErrPublish))
	fmt.Println(err)
	// Output:
	// true true
	// callback: send task failure: throttled
	// errnotify: publish failed: topic arn:aws:sns:eu-west-1:123456789012:failures: kind send_failed: sns: access denied
}

// A notice without a description is not refused: it goes out with a plain
// one written from its kind and reference.
func ExampleNotifier_Notify_withoutDescription() {
	n := errnotify.New(printingSNS{}, "arn:aws:sns:eu-west-1:123456789012:failures",
		func(o *errnotify.Options) {
			o.Now = func() time.Time { return time.Date(2026, 5, 4, 10, 5, 0, 0, time.UTC) }
		})
	err := n.Notify(context.Background(), errnotify.Notice{Kind: "late", Reference: "VAL-1"})
	fmt.Println("error:", err)
	// Output:
	// subject: late: late notice for reference VAL-1
	// attribute kind=late
	// attribute reference=VAL-1
	// attribute source=tasktoken
	// attribute version=1
	// {
	//   "source": "tasktoken",
	//   "description": "late notice for reference VAL-1",
	//   "version": "1",
	//   "kind": "late",
	//   "reference": "VAL-1",
	//   "time": "2026-05-04T10:05:00Z"
	// }
	// error: <nil>
}
