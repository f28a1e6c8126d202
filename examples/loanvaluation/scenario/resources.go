package scenario

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// clients are the AWS clients a run uses, all aimed at the engine.
type clients struct {
	dynamodb *dynamodb.Client
	lambda   *lambda.Client
	sfn      *sfn.Client
	sns      *sns.Client
	sqs      *sqs.Client
}

func newClients(cfg aws.Config) clients {
	return clients{
		dynamodb: dynamodb.NewFromConfig(cfg),
		lambda:   lambda.NewFromConfig(cfg),
		sfn:      sfn.NewFromConfig(cfg),
		sns:      sns.NewFromConfig(cfg),
		sqs:      sqs.NewFromConfig(cfg),
	}
}

// cleanup is a stack of undo steps, run last first.
type cleanup []func(ctx context.Context) error

func (c *cleanup) push(step func(ctx context.Context) error) { *c = append(*c, step) }

// run undoes every step and returns the first error.
func (c cleanup) run(ctx context.Context) error {
	var first error
	for i := len(c) - 1; i >= 0; i-- {
		if err := c[i](ctx); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// createTable creates the token table.
func (cl clients) createTable(ctx context.Context, name string, undo *cleanup) error {
	if err := tokenstore.CreateTable(ctx, cl.dynamodb, name); err != nil {
		return err
	}
	undo.push(func(ctx context.Context) error {
		_, err := cl.dynamodb.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &name})
		return wrap("delete table "+name, err)
	})
	return nil
}

// noticeQueue is the error topic with a queue subscribed to it, through
// which the run watches the notices.
type noticeQueue struct {
	topicARN string
	queueURL string
}

// createNoticeQueue creates the error topic and a queue that receives its
// notices raw (the JSON envelope as the message body).
func (cl clients) createNoticeQueue(ctx context.Context, topic, queue string,
	undo *cleanup) (noticeQueue, error) {
	t, err := cl.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: &topic})
	if err != nil {
		return noticeQueue{}, wrap("create topic", err)
	}
	undo.push(func(ctx context.Context) error {
		_, err := cl.sns.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: t.TopicArn})
		return wrap("delete topic "+topic, err)
	})
	q, err := cl.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &queue})
	if err != nil {
		return noticeQueue{}, wrap("create queue", err)
	}
	undo.push(func(ctx context.Context) error {
		_, err := cl.sqs.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: q.QueueUrl})
		return wrap("delete queue "+queue, err)
	})
	attrs, err := cl.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       q.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return noticeQueue{}, wrap("read queue ARN", err)
	}
	sub, err := cl.sns.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: t.TopicArn, Protocol: aws.String("sqs"),
		Endpoint:   aws.String(attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]),
		Attributes: map[string]string{"RawMessageDelivery": "true"},
	})
	if err != nil {
		return noticeQueue{}, wrap("subscribe queue to topic", err)
	}
	undo.push(func(ctx context.Context) error {
		_, err := cl.sns.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: sub.SubscriptionArn})
		return wrap("unsubscribe queue", err)
	})
	return noticeQueue{topicARN: aws.ToString(t.TopicArn), queueURL: aws.ToString(q.QueueUrl)}, nil
}

// functionTimeout is the Lambda timeout of every function of the example.
const functionTimeout = 10

// createFunction creates a Lambda function whose code runs as a local
// process. The engine needs a deployment package but never runs it, so the
// zip holds a placeholder bootstrap; a deployment uploads the built
// handler as bootstrap instead.
func (cl clients) createFunction(ctx context.Context, name string, env map[string]string,
	undo *cleanup) (string, error) {
	zipped, err := lambdarun.PlaceholderZip()
	if err != nil {
		return "", err
	}
	out, err := cl.lambda.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: &name,
		Runtime:      lambdatypes.RuntimeProvidedal2023,
		Handler:      aws.String("bootstrap"),
		Role:         aws.String("arn:aws:iam::000000000000:role/" + name),
		Code:         &lambdatypes.FunctionCode{ZipFile: zipped},
		Timeout:      aws.Int32(functionTimeout),
		Environment:  &lambdatypes.Environment{Variables: env},
	})
	if err != nil {
		return "", wrap("create function "+name, err)
	}
	undo.push(func(ctx context.Context) error {
		_, err := cl.lambda.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: &name})
		return wrap("delete function "+name, err)
	})
	return aws.ToString(out.FunctionArn), nil
}

// createStateMachine creates the Standard state machine.
func (cl clients) createStateMachine(ctx context.Context, name, definition string,
	undo *cleanup) (string, error) {
	out, err := cl.sfn.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name:       &name,
		Definition: &definition,
		RoleArn:    aws.String("arn:aws:iam::000000000000:role/" + name),
	})
	if err != nil {
		return "", wrap("create state machine", err)
	}
	undo.push(func(ctx context.Context) error {
		_, err := cl.sfn.DeleteStateMachine(ctx, &sfn.DeleteStateMachineInput{
			StateMachineArn: out.StateMachineArn,
		})
		return wrap("delete state machine "+name, err)
	})
	return aws.ToString(out.StateMachineArn), nil
}

// wrap prefixes err with what failed; nil stays nil.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("scenario: %s: %w", what, err)
}
