package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// noticeSettle is how long a scenario keeps listening for notices after
// the expected number arrived, to catch any unexpected extra one.
const noticeSettle = 500 * time.Millisecond

// playOne starts one execution for s and watches where it goes.
func (r *run) playOne(ctx context.Context, s Scenario, appID string) Result {
	start := time.Now()
	res := Result{Scenario: s, ApplicationID: appID}
	input, err := json.Marshal(valuation.Application{
		ID: appID, Applicant: "A. Borrower", Amount: 180_000,
		Property: valuation.Property{NameOrNumber: s.Property, Street: "Station Road",
			Postcode: "AB1 2CD"},
	})
	if err != nil {
		res.Problem = err.Error()
		return res
	}
	out, err := r.cl.sfn.StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: &r.stateMachineARN, Name: &appID, Input: aws.String(string(input)),
	})
	if err != nil {
		res.Problem = "start execution: " + err.Error()
		return res
	}
	res.ExecutionARN = aws.ToString(out.ExecutionArn)

	res.Got.Status, res.Got.Error, err = r.awaitExecution(ctx, res.ExecutionARN)
	if err != nil {
		res.Problem = err.Error()
		return res
	}
	res.Got.Callbacks, err = r.awaitCallbacks(ctx, appID)
	if err != nil {
		res.Problem = err.Error()
	}
	res.Got.Notices = r.awaitNotices(ctx, appID, len(s.Want.Notices))
	res.Notices = r.watch.notices(appID)
	fmt.Fprintf(r.cfg.Log, "  %s: %s after %s\n", s.Name,
		strings.TrimSpace(res.Got.Status+" "+res.Got.Error),
		time.Since(start).Round(100*time.Millisecond))
	return res
}

// awaitExecution polls the execution until it ends and returns its status
// and error.
func (r *run) awaitExecution(ctx context.Context, arn string) (string, string, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout+30*time.Second)
	defer cancel()
	for {
		out, err := r.cl.sfn.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: &arn})
		if err != nil {
			return "", "", fmt.Errorf("describe execution: %w", err)
		}
		if out.Status != sfntypes.ExecutionStatusRunning {
			return string(out.Status), aws.ToString(out.Error), nil
		}
		select {
		case <-ctx.Done():
			r.stopExecution(ctx, arn)
			return string(out.Status), "", fmt.Errorf("execution still running: %w", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// stopExecution stops an execution the run gives up on, so that it does
// not outlive the run.
func (r *run) stopExecution(ctx context.Context, arn string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, _ = r.cl.sfn.StopExecution(ctx, &sfn.StopExecutionInput{
		ExecutionArn: &arn, Error: aws.String("RunStopped"),
		Cause: aws.String("the loan-valuation runner stopped before the execution ended"),
	})
}

// awaitCallbacks waits until the valuation service made every callback it
// planned for the application and returns the webhook's answers.
func (r *run) awaitCallbacks(ctx context.Context, appID string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.lateDelay()+15*time.Second)
	defer cancel()
	for {
		deliveries, done := r.service.Deliveries(appID)
		if done {
			return callbackAnswers(deliveries), nil
		}
		if _, requested := r.service.Requested(appID); !requested {
			// The execution has ended, so no request is coming.
			return nil, fmt.Errorf("the valuation service was never asked")
		}
		select {
		case <-ctx.Done():
			return callbackAnswers(deliveries), fmt.Errorf("callbacks still pending: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// awaitNotices waits until want notices arrived for the application (or a
// few seconds passed), listens a little longer for extra ones, and returns
// the kinds received.
func (r *run) awaitNotices(ctx context.Context, appID string, want int) []string {
	deadline := time.Now().Add(5 * time.Second)
	for len(r.watch.kinds(appID)) < want && time.Now().Before(deadline) && ctx.Err() == nil {
		sleep(ctx, 100*time.Millisecond)
	}
	sleep(ctx, noticeSettle)
	return r.watch.kinds(appID)
}
