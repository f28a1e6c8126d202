package errnotify_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/sfnctx"
)

// delivery is what arrived in the queue: the notice body and its
// attributes, whichever way SNS delivered them.
type delivery struct {
	body       string
	subject    string
	attributes map[string]string
}

// engineRoute creates a topic and a queue subscribed to it on the engine.
// fifo makes both FIFO.
func engineRoute(t *testing.T, raw, fifo bool) (*sns.Client, string, *sqs.Client, string) {
	t.Helper()
	cfg := enginetest.Config(t)
	ctx := t.Context()
	snsClient, sqsClient := sns.NewFromConfig(cfg), sqs.NewFromConfig(cfg)

	topicName, queueName := enginetest.Name("errnotify"), enginetest.Name("errnotify")
	topicAttrs, queueAttrs := map[string]string{}, map[string]string{}
	if fifo {
		topicName, queueName = topicName+".fifo", queueName+".fifo"
		topicAttrs["FifoTopic"] = "true"
		queueAttrs["FifoQueue"] = "true"
	}
	topic, err := snsClient.CreateTopic(ctx, &sns.CreateTopicInput{
		Name: aws.String(topicName), Attributes: topicAttrs})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = snsClient.DeleteTopic(context.Background(),
			&sns.DeleteTopicInput{TopicArn: topic.TopicArn})
	})
	queue, err := sqsClient.CreateQueue(ctx, &sqs.CreateQueueInput{
		QueueName: aws.String(queueName), Attributes: queueAttrs})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = sqsClient.DeleteQueue(context.Background(),
			&sqs.DeleteQueueInput{QueueUrl: queue.QueueUrl})
	})
	got, err := sqsClient.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       queue.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	require.NoError(t, err)

	rawText := "false"
	if raw {
		rawText = "true"
	}
	_, err = snsClient.Subscribe(ctx, &sns.SubscribeInput{
		TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint:   aws.String(got.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]),
		Attributes: map[string]string{"RawMessageDelivery": rawText},
	})
	require.NoError(t, err)
	return snsClient, aws.ToString(topic.TopicArn), sqsClient, aws.ToString(queue.QueueUrl)
}

// receive waits for one message on queueURL and reads the notice out of it.
// The engine now and then marks a message in flight without returning it
// (about 3 receives in 100 here); a visibility timeout of one second makes
// such a message come back for the next receive.
func receive(t *testing.T, client *sqs.Client, queueURL string, raw bool) (delivery,
	sqstypes.Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	for {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(queueURL), MaxNumberOfMessages: 1, WaitTimeSeconds: 1,
			VisibilityTimeout:           1,
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{"All"},
		})
		require.NoError(t, err)
		if len(out.Messages) == 0 {
			continue
		}
		m := out.Messages[0]
		if raw {
			return rawDelivery(m), m
		}
		return envelopedDelivery(t, m), m
	}
}

func rawDelivery(m sqstypes.Message) delivery {
	d := delivery{body: aws.ToString(m.Body), attributes: map[string]string{}}
	for name, v := range m.MessageAttributes {
		d.attributes[name] = aws.ToString(v.StringValue)
	}
	d.subject = d.attributes["Subject"]
	return d
}

// envelopedDelivery reads the SNS notification JSON with the Lambda events
// type for it.
func envelopedDelivery(t *testing.T, m sqstypes.Message) delivery {
	t.Helper()
	var n events.SNSEntity
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &n))
	assert.Equal(t, "Notification", n.Type)
	d := delivery{body: n.Message, subject: n.Subject, attributes: map[string]string{}}
	for name, v := range n.MessageAttributes {
		attr, _ := v.(map[string]any)
		d.attributes[name], _ = attr["Value"].(string)
	}
	return d
}

func TestEngineNoticeArrives(t *testing.T) {
	for _, raw := range []bool{false, true} {
		name := map[bool]string{false: "enveloped", true: "raw"}[raw]
		t.Run(name, func(t *testing.T) {
			snsClient, topic, sqsClient, queueURL := engineRoute(t, raw, false)
			ctx := lambdacontext.NewContext(t.Context(), &lambdacontext.LambdaContext{
				AwsRequestID: "req-1", InvokedFunctionArn: functionARN})
			ctx = sfnctx.NewContext(ctx, &sfnctx.Context{Task: sfnctx.Task{Token: token}})

			notice := errnotify.Notice{
				Description: "late callback for " + token, Kind: "late", Reference: "VAL-1",
				ExecutionARN: executionARN, StateName: "WaitForValuation",
				Err:  errors.New(strings.Repeat("trace é ", 40*1024/9)),
				Time: noticeTime, Extra: map[string]any{"valuer": "acme"},
			}
			require.NoError(t, errnotify.New(snsClient, topic).Notify(ctx, notice))

			d, _ := receive(t, sqsClient, queueURL, raw)
			var env errnotify.Envelope
			require.NoError(t, json.Unmarshal([]byte(d.body), &env))
			assert.Equal(t, functionARN, env.Source)
			assert.Equal(t, "late", env.Kind)
			assert.Equal(t, "VAL-1", env.Reference)
			assert.True(t, notice.Err.Error() == env.Error, "40 KiB cause arrives whole")
			assert.Equal(t, "req-1", env.RequestID)
			assert.Equal(t, sfnctx.TokenFingerprint(token), env.TokenFingerprint)
			assert.Equal(t, map[string]any{"valuer": "acme"}, env.Extra)
			assert.NotContains(t, d.body, token)

			assert.True(t, strings.HasPrefix(d.subject, "late: late callback for [task token"))
			// The engine adds MessageId and Subject attributes of its own.
			for name, want := range map[string]string{"source": functionARN, "kind": "late",
				"reference": "VAL-1", "executionArn": executionARN, "version": "1",
				"stateName": "WaitForValuation", "stateMachineArn": machineARN,
				"tokenFingerprint": sfnctx.TokenFingerprint(token)} {
				assert.Equal(t, want, d.attributes[name], name)
			}
		})
	}
}

// The FIFO queue takes a message only with a group id and a deduplication
// id (it has no content-based deduplication), and drops a repeat of the
// same notice; the engine does not return the group id to the receiver.
func TestEngineFIFOTopic(t *testing.T) {
	snsClient, topic, sqsClient, queueURL := engineRoute(t, true, true)
	n := errnotify.New(snsClient, topic)
	first := errnotify.Notice{Description: "duplicate callback", Kind: "duplicate",
		Reference: "VAL-7", Time: noticeTime}
	second := first
	second.Reference = "VAL-8"
	for _, notice := range []errnotify.Notice{first, first, second} {
		require.NoError(t, n.Notify(t.Context(), notice))
	}

	var refs []string
	for range 2 {
		d, m := receive(t, sqsClient, queueURL, true)
		var env errnotify.Envelope
		require.NoError(t, json.Unmarshal([]byte(d.body), &env))
		refs = append(refs, env.Reference)
		_, err := sqsClient.DeleteMessage(t.Context(), &sqs.DeleteMessageInput{
			QueueUrl: aws.String(queueURL), ReceiptHandle: m.ReceiptHandle})
		require.NoError(t, err)
	}
	assert.ElementsMatch(t, []string{"VAL-7", "VAL-8"}, refs)

	out, err := sqsClient.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(queueURL), WaitTimeSeconds: 1})
	require.NoError(t, err)
	assert.Empty(t, out.Messages, "the repeated notice was deduplicated")
}

// K18 on the engine: a 300 KiB cause is cut to fit and still arrives.
func TestEngineLargeNotice(t *testing.T) {
	snsClient, topic, sqsClient, queueURL := engineRoute(t, true, false)
	cause := strings.Repeat("frame ü at valuation.go:42\n", 300*1024/28)
	require.NoError(t, errnotify.New(snsClient, topic).Notify(t.Context(), errnotify.Notice{
		Description: "valuation failed", Kind: "send_failed", Reference: "VAL-9",
		Err: errors.New(cause)}))

	d, _ := receive(t, sqsClient, queueURL, true)
	assert.LessOrEqual(t, len(d.body), errnotify.MaxMessageBytes)
	var env errnotify.Envelope
	require.NoError(t, json.Unmarshal([]byte(d.body), &env))
	assert.Equal(t, []string{"error"}, env.Truncated)
	assert.True(t, strings.Contains(env.Error, "...[cut by errnotify: "), "marker present")
}
