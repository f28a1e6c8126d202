package callback_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/sfnctx"
)

// recordingSNS keeps what is published to it.
type recordingSNS struct {
	mu        sync.Mutex
	published []*sns.PublishInput
}

func (s *recordingSNS) Publish(_ context.Context, in *sns.PublishInput,
	_ ...func(*sns.Options)) (*sns.PublishOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.published = append(s.published, in)
	return &sns.PublishOutput{MessageId: aws.String("m-1")}, nil
}

// TestK13NoticeThroughErrnotify follows K13 to the published message: a
// late success by reference inside a Lambda invocation gives one SNS
// message naming the execution, the state and the Lambda request id, and
// never the token.
func TestK13NoticeThroughErrnotify(t *testing.T) {
	topic := &recordingSNS{}
	notifier := errnotify.New(topic, "arn:aws:sns:us-east-1:123456789012:callback-failures")
	env := newRefEnv(t, func(o *callback.Options) { o.Notifier = notifier })
	token := env.fake.StartTask(func(o *callbacktest.TaskOptions) { o.Timeout = 2 * time.Second })
	env.saveToken(t, "valuation-13", token, 0)
	env.clock.Advance(3 * time.Second)
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
		AwsRequestID:       "8f5c3c1e-lambda-request",
		InvokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:valuation-callback",
	})

	err := env.client.SucceedReference(ctx, "valuation-13", "too late")

	require.ErrorIs(t, err, callback.ErrLate)
	require.Len(t, topic.published, 1, "one notification")
	body := aws.ToString(topic.published[0].Message)
	assert.NotContains(t, body, token)
	var msg map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &msg))
	assert.Equal(t, "arn:aws:states:us-east-1:123456789012:execution:loan:run-1",
		msg["executionArn"])
	assert.Equal(t, "WaitForValuation", msg["stateName"])
	assert.Equal(t, "8f5c3c1e-lambda-request", msg["lambdaRequestId"])
	assert.Contains(t, body, sfnctx.TokenFingerprint(token))
}
