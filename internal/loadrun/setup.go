package loadrun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// StateName is the waiting state of the run's state machine.
const StateName = "WaitForCallback"

// roleARN is the role the state machine names; the engine does not check it.
const roleARN = "arn:aws:iam::000000000000:role/tasktoken-loadrun"

// cleanUpTimeout bounds the removal of what a run created.
const cleanUpTimeout = 30 * time.Second

// setUp creates the table, the queue and the state machine, each under a
// fresh name, recording each as soon as it exists so that cleanUp removes
// whatever was made even when a later step fails.
func (r *run) setUp(ctx context.Context) error {
	r.table = enginetest.Name("loadrun")
	if err := tokenstore.CreateTable(ctx, r.dynamo, r.table); err != nil {
		r.table = ""
		return fmt.Errorf("loadrun: create table: %w", err)
	}
	q, err := r.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: aws.String(enginetest.Name("loadrun"))})
	if err != nil {
		return fmt.Errorf("loadrun: create queue: %w", err)
	}
	r.queueURL = aws.ToString(q.QueueUrl)
	sm, err := r.sfn.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name:       aws.String(enginetest.Name("loadrun")),
		Definition: aws.String(definition(r.queueURL, r.stateTimeout())),
		RoleArn:    aws.String(roleARN),
	})
	if err != nil {
		return fmt.Errorf("loadrun: create state machine: %w", err)
	}
	r.machineARN = aws.ToString(sm.StateMachineArn)
	return nil
}

// stateTimeout is the waiting state's TimeoutSeconds: past the run's own
// deadline, so that no task times out while the run could still redeem it.
func (r *run) stateTimeout() time.Duration {
	return r.o.Timeout.Truncate(time.Second) + time.Minute
}

// definition is the state machine: one Task state that sends its token and
// the execution's reference to queueURL and waits for the callback. It has
// no HeartbeatSeconds and the run sends no heartbeat (kumo v0.33.1 crashes
// on a heartbeat for such a state).
func definition(queueURL string, timeout time.Duration) string {
	def, _ := json.Marshal(map[string]any{
		"StartAt": StateName,
		"States": map[string]any{StateName: map[string]any{
			"Type":     "Task",
			"Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
			"Parameters": map[string]any{
				"QueueUrl": queueURL,
				"MessageBody": map[string]any{
					"token.$":     "$$.Task.Token",
					"reference.$": "$.reference",
				},
			},
			"TimeoutSeconds": int(timeout / time.Second),
			"End":            true,
		}},
	})
	return string(def)
}

// cleanUp stops the executions still running and removes the state
// machine, the queue and the table, on its own deadline so that it runs
// after the run's has passed.
func (r *run) cleanUp(parent context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), cleanUpTimeout)
	defer cancel()
	var errs []error
	for _, ref := range r.refs {
		if ref.executionARN != "" && !ref.finished() {
			_, err := r.sfn.StopExecution(ctx, &sfn.StopExecutionInput{
				ExecutionArn: aws.String(ref.executionARN)})
			errs = append(errs, err)
		}
	}
	if r.machineARN != "" {
		_, err := r.sfn.DeleteStateMachine(ctx, &sfn.DeleteStateMachineInput{
			StateMachineArn: aws.String(r.machineARN)})
		errs = append(errs, err)
	}
	if r.queueURL != "" {
		_, err := r.sqs.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: aws.String(r.queueURL)})
		errs = append(errs, err)
	}
	if r.table != "" {
		_, err := r.dynamo.DeleteTable(ctx, &dynamodb.DeleteTableInput{
			TableName: aws.String(r.table)})
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("loadrun: clean up: %w", err)
	}
	return nil
}
