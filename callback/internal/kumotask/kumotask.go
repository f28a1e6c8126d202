// Package kumotask starts real waiting tasks on the local engine (kumo) for
// the integration tests of package callback and callbacktest: a state
// machine whose only state sends its task token to an SQS queue with
// sqs:sendMessage.waitForTaskToken, and a reader of that queue. Wait is
// shared with the integration test of callback/lambdawrap.
package kumotask

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/enginetest"
)

// Machine is a state machine on kumo whose task waits for a token sent to
// an SQS queue.
type Machine struct {
	// SFN and SQS are clients of the engine.
	SFN *sfn.Client
	SQS *sqs.Client
	// ARN is the state machine's; QueueURL the queue its task sends to.
	ARN      string
	QueueURL string
}

// Options shape the waiting state.
type Options struct {
	// TimeoutSeconds and HeartbeatSeconds of the waiting state; 0 leaves
	// them out.
	TimeoutSeconds   int
	HeartbeatSeconds int
}

// New creates a queue and a state machine on the engine, or skips t when no
// engine is configured.
func New(t *testing.T, o Options) *Machine {
	t.Helper()
	cfg := enginetest.Config(t)
	ctx := context.Background()
	m := &Machine{SFN: sfn.NewFromConfig(cfg), SQS: sqs.NewFromConfig(cfg)}
	q, err := m.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: aws.String(enginetest.Name("callback"))})
	require.NoError(t, err)
	m.QueueURL = aws.ToString(q.QueueUrl)
	sm, err := m.SFN.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name:       aws.String(enginetest.Name("callback")),
		Definition: aws.String(definition(m.QueueURL, o)),
		RoleArn:    aws.String("arn:aws:iam::000000000000:role/callback-test"),
	})
	require.NoError(t, err)
	m.ARN = aws.ToString(sm.StateMachineArn)
	t.Cleanup(func() {
		_, _ = m.SFN.DeleteStateMachine(context.Background(),
			&sfn.DeleteStateMachineInput{StateMachineArn: sm.StateMachineArn})
		_, _ = m.SQS.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: q.QueueUrl})
	})
	return m
}

// definition is the state machine: one Task state that waits for the token
// it sends to queueURL.
func definition(queueURL string, o Options) string {
	state := map[string]any{
		"Type":     "Task",
		"Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
		"Parameters": map[string]any{
			"QueueUrl":    queueURL,
			"MessageBody": map[string]any{"token.$": "$$.Task.Token", "input.$": "$"},
		},
		"End": true,
	}
	if o.TimeoutSeconds > 0 {
		state["TimeoutSeconds"] = o.TimeoutSeconds
	}
	if o.HeartbeatSeconds > 0 {
		state["HeartbeatSeconds"] = o.HeartbeatSeconds
	}
	def, _ := json.Marshal(map[string]any{
		"StartAt": "WaitForCallback",
		"States":  map[string]any{"WaitForCallback": state},
	})
	return string(def)
}

// Start starts an execution and returns its ARN and the task token read
// from the queue.
func (m *Machine) Start(t *testing.T) (executionARN, token string) {
	t.Helper()
	ctx := context.Background()
	out, err := m.SFN.StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: aws.String(m.ARN), Input: aws.String(`{"n":1}`)})
	require.NoError(t, err)
	return aws.ToString(out.ExecutionArn), m.readToken(t)
}

// readToken waits for the next message on the queue and returns its token.
func (m *Machine) readToken(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	for range 20 {
		msgs, err := m.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(m.QueueURL), WaitTimeSeconds: 1, MaxNumberOfMessages: 1})
		require.NoError(t, err)
		if len(msgs.Messages) == 0 {
			continue
		}
		var body struct {
			Token string `json:"token"`
		}
		require.NoError(t, json.Unmarshal([]byte(aws.ToString(msgs.Messages[0].Body)), &body))
		require.NotEmpty(t, body.Token)
		return body.Token
	}
	t.Fatal("no task token arrived on the queue")
	return ""
}

// Wait polls the execution until it leaves RUNNING and returns it.
func (m *Machine) Wait(t *testing.T, executionARN string) *sfn.DescribeExecutionOutput {
	t.Helper()
	return Wait(t, m.SFN, executionARN)
}

// Wait polls an execution through client until it leaves RUNNING and
// returns it; the test fails after 15 s.
func Wait(t *testing.T, client *sfn.Client, executionARN string) *sfn.DescribeExecutionOutput {
	t.Helper()
	ctx := context.Background()
	for range 300 {
		out, err := client.DescribeExecution(ctx, &sfn.DescribeExecutionInput{
			ExecutionArn: aws.String(executionARN)})
		require.NoError(t, err)
		if out.Status != sfntypes.ExecutionStatusRunning {
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("execution still running after 15 s")
	return nil
}

// Status returns the execution's status now.
func (m *Machine) Status(t *testing.T, executionARN string) sfntypes.ExecutionStatus {
	t.Helper()
	out, err := m.SFN.DescribeExecution(context.Background(), &sfn.DescribeExecutionInput{
		ExecutionArn: aws.String(executionARN)})
	require.NoError(t, err)
	return out.Status
}
