package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tasktoken/tasktoken/callback/lambdawrap"
	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// webhook reads a valuation callback from an HTTP request: it checks the
// signature first, then decodes the body into the outcome to redeem. A
// [lambdawrap.Receiver] does the redeeming and the answering.
type webhook struct {
	secret []byte
	logger *slog.Logger
}

// extract is the receiver's extract function for HTTP API (payload 2.0)
// requests. A request that is not a signed valuation callback is rejected
// before any token is touched.
func (w *webhook) extract(ctx context.Context, req events.APIGatewayV2HTTPRequest) (
	lambdawrap.Callback, error) {
	body, err := lambdawrap.RequestBody(req.Body, req.IsBase64Encoded)
	if err != nil || len(body) == 0 {
		// Nothing to verify or redeem. (The local runner's readiness probe
		// is such an empty event.)
		return lambdawrap.Callback{}, lambdawrap.Reject(http.StatusBadRequest,
			"the request has no body", err)
	}
	if !valuation.Verify(w.secret, body, header(req.Headers, valuation.SignatureHeader)) {
		w.logger.WarnContext(ctx, "valuationcallback: refused a callback with a bad signature")
		return lambdawrap.Callback{}, lambdawrap.Reject(http.StatusUnauthorized,
			"the signature does not match the body", nil)
	}
	var cb valuation.Callback
	if err := json.Unmarshal(body, &cb); err != nil {
		return lambdawrap.Callback{}, lambdawrap.Reject(http.StatusBadRequest,
			"the body is not a valuation callback", err)
	}
	return outcome(cb)
}

// outcome turns a valuation callback into the outcome to send.
func outcome(cb valuation.Callback) (lambdawrap.Callback, error) {
	switch cb.Outcome {
	case valuation.OutcomeValued:
		// A valuation too large to be the task's output is the receiver's
		// to refuse: it fails the task with valuation.ErrorOutputRefused.
		return lambdawrap.Succeeded(cb.Reference, cb), nil
	case valuation.OutcomeFailed:
		return lambdawrap.Failed(cb.Reference, valuation.ErrorValuationFailed, cb.Reason), nil
	default:
		return lambdawrap.Callback{}, lambdawrap.Reject(http.StatusBadRequest,
			fmt.Sprintf("unknown outcome %q", cb.Outcome), nil)
	}
}

// receiverOptions configures the webhook's [lambdawrap.Receiver]: its
// answers other than 200 are logged, and a valuation too large to be the
// task's output fails the task with [valuation.ErrorOutputRefused], which
// the state machine's catch-all branch reports.
func receiverOptions(logger *slog.Logger) func(*lambdawrap.ReceiverOptions) {
	return func(o *lambdawrap.ReceiverOptions) {
		o.Logger = logger
		o.OutputRefusedErrorCode = valuation.ErrorOutputRefused
	}
}

// header looks a header up by name, ignoring case: API Gateway lowercases
// header names, other callers may not.
func header(headers map[string]string, name string) string {
	if v, ok := headers[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}
