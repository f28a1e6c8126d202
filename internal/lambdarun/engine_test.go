package lambdarun_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

// TestHandlerRunsUnderTheEngine builds a lambda.Start handler, runs it as
// a local process and invokes it through the engine's Lambda API.
func TestHandlerRunsUnderTheEngine(t *testing.T) {
	cfg := enginetest.Config(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	bins, err := lambdarun.Build(ctx, ".", t.TempDir(), "./testdata/echo")
	require.NoError(t, err)
	name := enginetest.Name("lambdarun-echo")
	client := lambda.NewFromConfig(cfg)
	createFunction(ctx, t, client, name)

	out := &lambdarun.LogBuffer{}
	p, err := lambdarun.Start(ctx, lambdarun.Function{
		Name: name, Binary: bins["echo"], Endpoint: aws.ToString(cfg.BaseEndpoint),
		Env: map[string]string{"GREETING": "hello"}, Output: out,
	})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, p.Stop()) })
	probe, err := lambdarun.WaitInvokable(ctx, client, name, p)
	require.NoError(t, err, "handler output:\n%s", out)
	assert.Contains(t, string(probe.Payload), `"event":{}`, "the probe was echoed")

	resp, err := client.Invoke(ctx, &lambda.InvokeInput{
		FunctionName: &name, Payload: []byte(`{"n":1}`),
	})
	require.NoError(t, err)
	require.Nil(t, resp.FunctionError, string(resp.Payload))
	var got struct {
		Event        json.RawMessage `json:"event"`
		FunctionARN  string          `json:"functionArn"`
		RequestID    string          `json:"requestId"`
		FunctionName string          `json:"functionName"`
		HasDeadline  bool            `json:"hasDeadline"`
		Greeting     string          `json:"greeting"`
	}
	require.NoError(t, json.Unmarshal(resp.Payload, &got))
	assert.JSONEq(t, `{"n":1}`, string(got.Event))
	assert.Equal(t, "arn:aws:lambda:local:000000000000:function:"+name, got.FunctionARN)
	assert.NotEmpty(t, got.RequestID)
	assert.Equal(t, name, got.FunctionName)
	assert.True(t, got.HasDeadline)
	assert.Equal(t, "hello", got.Greeting)
}

func createFunction(ctx context.Context, t *testing.T, client *lambda.Client, name string) {
	t.Helper()
	zipped, err := lambdarun.PlaceholderZip()
	require.NoError(t, err)
	_, err = client.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: &name, Runtime: types.RuntimeProvidedal2023,
		Handler: aws.String("bootstrap"), Role: aws.String("arn:aws:iam::000000000000:role/test"),
		Code: &types.FunctionCode{ZipFile: zipped},
	})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := client.DeleteFunction(context.Background(),
			&lambda.DeleteFunctionInput{FunctionName: &name})
		assert.NoError(t, err)
	})
}
