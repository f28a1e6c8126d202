package errnotify_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/errnotify"
)

// The real client fits the narrow interface.
var _ errnotify.SNSAPI = (*sns.Client)(nil)

// recordingSNS is a fake SNS client that keeps every PublishInput and
// answers with err when set.
type recordingSNS struct {
	mu     sync.Mutex
	inputs []*sns.PublishInput
	err    error
}

func (r *recordingSNS) Publish(_ context.Context, in *sns.PublishInput,
	_ ...func(*sns.Options)) (*sns.PublishOutput, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return nil, r.err
	}
	r.inputs = append(r.inputs, in)
	return &sns.PublishOutput{MessageId: aws.String("msg-1")}, nil
}

// only returns the one input published, failing t otherwise.
func (r *recordingSNS) only(t *testing.T) *sns.PublishInput {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	require.Len(t, r.inputs, 1)
	return r.inputs[0]
}

// envelope decodes the body of the one published input.
func (r *recordingSNS) envelope(t *testing.T) errnotify.Envelope {
	t.Helper()
	var env errnotify.Envelope
	require.NoError(t, json.Unmarshal([]byte(aws.ToString(r.only(t).Message)), &env))
	return env
}

// attributes returns the published attributes as name → value.
func (r *recordingSNS) attributes(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, v := range r.only(t).MessageAttributes {
		out[name] = aws.ToString(v.StringValue)
	}
	return out
}
