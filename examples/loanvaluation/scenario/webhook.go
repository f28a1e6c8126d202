package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/examples/loanvaluation/mockservice"
	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// webhookPath is the path the webhook would have behind API Gateway.
const webhookPath = "/valuations/callback"

// invokeWebhook returns a webhook that reaches the ValuationCallback Lambda
// the way API Gateway would: a synchronous Lambda invoke with an HTTP API
// (payload 2.0) event carrying the body and the signature header.
func invokeWebhook(client *lambda.Client, function string) mockservice.Webhook {
	return func(ctx context.Context, body []byte, signature string) (int, string, error) {
		event, err := json.Marshal(webhookEvent(body, signature))
		if err != nil {
			return 0, "", err
		}
		out, err := client.Invoke(ctx, &lambda.InvokeInput{FunctionName: &function, Payload: event})
		if err != nil {
			return 0, "", fmt.Errorf("invoke %s: %w", function, err)
		}
		if out.FunctionError != nil {
			return 0, "", fmt.Errorf("%s failed (%s): %s", function,
				aws.ToString(out.FunctionError), out.Payload)
		}
		var resp events.APIGatewayV2HTTPResponse
		if err := json.Unmarshal(out.Payload, &resp); err != nil {
			return 0, "", fmt.Errorf("decode %s response: %w", function, err)
		}
		return resp.StatusCode, resp.Body, nil
	}
}

func webhookEvent(body []byte, signature string) events.APIGatewayV2HTTPRequest {
	return events.APIGatewayV2HTTPRequest{
		Version:  "2.0",
		RouteKey: "POST " + webhookPath,
		RawPath:  webhookPath,
		Headers: map[string]string{
			"content-type": "application/json",
			// API Gateway lowercases header names.
			strings.ToLower(valuation.SignatureHeader): signature,
		},
		Body: string(body),
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: "POST", Path: webhookPath,
			},
		},
	}
}

// callbackAnswers describes what the webhook answered to each delivery,
// for example "200 succeeded", "200 succeeded (replayed)" or "410 late".
func callbackAnswers(deliveries []mockservice.Delivery) []string {
	var answers []string
	for _, d := range deliveries {
		if d.Err != nil {
			answers = append(answers, "error: "+d.Err.Error())
			continue
		}
		var reply lambdawrap.ReplyBody
		_ = json.Unmarshal([]byte(d.Answer), &reply)
		answer := fmt.Sprintf("%d %s", d.Status, reply.Status)
		if reply.Replayed {
			answer += " (replayed)"
		}
		answers = append(answers, answer)
	}
	return answers
}
