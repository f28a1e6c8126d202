package lambdawrap_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback/lambdawrap"
)

// TestWrappersFitLambdaStart runs every wrapper through aws-lambda-go's own
// handler machinery (what lambda.Start uses), on the JSON Lambda delivers.
func TestWrappersFitLambdaStart(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		handler func(e *env) any
		event   string
		want    string
	}{
		{"task", func(e *env) any { return lambdawrap.Task(e.client, valuate) },
			`{"taskToken":"TOKEN","loanId":"L-1","amount":2}`, `"outcome":"succeeded"`},
		{"REST API", func(e *env) any {
			return lambdawrap.NewReceiver(e.client).APIGateway(extractAPIGateway)
		}, `{"httpMethod":"POST","body":"{\"reference\":\"valuation-7\",\"value\":1}"}`,
			`"statusCode":200`},
		{"HTTP API", func(e *env) any {
			return lambdawrap.NewReceiver(e.client).HTTPAPI(extractHTTPAPI)
		}, `{"version":"2.0","body":"{\"reference\":\"valuation-7\",\"value\":1}"}`,
			`"statusCode":200`},
		{"function URL", func(e *env) any {
			return lambdawrap.NewReceiver(e.client).FunctionURL(extractFunctionURL)
		}, `{"version":"2.0","body":"{\"reference\":\"valuation-7\",\"value\":1}"}`,
			`"statusCode":200`},
		{"SQS", func(e *env) any { return sqsHandler(e) },
			`{"Records":[{"messageId":"m-1","body":"{\"reference\":\"valuation-9\"}"}]}`,
			`{"batchItemFailures":[{"itemIdentifier":"m-1"}]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			token := e.save(t, ref, time.Hour)
			payload := []byte(replaceToken(tc.event, token))
			out, err := lambda.NewHandler(tc.handler(e)).Invoke(ctx, payload)
			require.NoError(t, err)
			assert.True(t, json.Valid(out))
			assert.Contains(t, string(out), tc.want)
		})
	}
}

func replaceToken(event, token string) string {
	return strings.Replace(event, "TOKEN", token, 1)
}

func extractAPIGateway(_ context.Context,
	req events.APIGatewayProxyRequest) (lambdawrap.Callback, error) {
	return extractWebhook(req.Body)
}

func extractHTTPAPI(_ context.Context,
	req events.APIGatewayV2HTTPRequest) (lambdawrap.Callback, error) {
	return extractWebhook(req.Body)
}

func extractFunctionURL(_ context.Context,
	req events.LambdaFunctionURLRequest) (lambdawrap.Callback, error) {
	return extractWebhook(req.Body)
}
