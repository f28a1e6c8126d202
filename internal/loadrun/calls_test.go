package loadrun

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/enginetest"
)

// TestCallCounter counts calls, attempts and AWS error codes of a real SDK
// client answered by a local responder: the first request fails with a
// retried fault, then one success and one TaskTimedOut.
func TestCallCounter(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		switch requests.Add(1) {
		case 1:
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"__type":"InternalFailure","message":"try again"}`))
		case 2:
			_, _ = w.Write([]byte(`{}`))
		default:
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"__type":"TaskTimedOut","message":"task timed out"}`))
		}
	}))
	t.Cleanup(srv.Close)

	counter := newCallCounter()
	client := sfn.NewFromConfig(enginetest.ConfigFor(srv.URL), func(o *sfn.Options) {
		o.APIOptions = append(o.APIOptions, counter.apiOption)
	})
	in := &sfn.SendTaskSuccessInput{TaskToken: aws.String("t"), Output: aws.String("{}")}
	before := counter.snapshot()
	_, err := client.SendTaskSuccess(context.Background(), in)
	require.NoError(t, err)
	_, err = client.SendTaskSuccess(context.Background(), in)
	require.Error(t, err)

	got := counter.snapshot()["SFN.SendTaskSuccess"]
	assert.Equal(t, Calls{Calls: 2, Attempts: 3, Errors: map[string]int{"TaskTimedOut": 1}}, got)
	assert.Equal(t, 1, got.OK())
	assert.Equal(t, map[string]Calls{"SFN.SendTaskSuccess": got},
		callsSince(before, counter.snapshot()))
	assert.Equal(t, "TaskTimedOut 1, 1 retries", failures(got))
}

func TestCallsSince(t *testing.T) {
	before := map[string]Calls{
		"SFN.StartExecution": {Calls: 5, Attempts: 5},
		"DynamoDB.UpdateItem": {Calls: 2, Attempts: 2,
			Errors: map[string]int{"ConditionalCheckFailedException": 1}},
	}
	now := map[string]Calls{
		"SFN.StartExecution": {Calls: 5, Attempts: 5},
		"DynamoDB.UpdateItem": {Calls: 6, Attempts: 7,
			Errors: map[string]int{"ConditionalCheckFailedException": 3}},
		"DynamoDB.GetItem": {Calls: 1, Attempts: 1},
	}
	assert.Equal(t, map[string]Calls{
		"DynamoDB.UpdateItem": {Calls: 4, Attempts: 5,
			Errors: map[string]int{"ConditionalCheckFailedException": 2}},
		"DynamoDB.GetItem": {Calls: 1, Attempts: 1},
	}, callsSince(before, now))
}
