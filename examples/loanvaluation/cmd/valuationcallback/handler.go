package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// redeemer completes the waiting task by valuation reference.
// *callback.Client satisfies it.
type redeemer interface {
	SucceedReference(ctx context.Context, reference string, output any) error
	FailReference(ctx context.Context, reference, errorCode, cause string) error
}

// handler is the webhook the valuation service calls: it checks the
// signature, then redeems the task token stored under the reference.
type handler struct {
	secret   []byte
	redeemer redeemer
	logger   *slog.Logger
}

// answer is the JSON body of every webhook response.
type answer struct {
	// Outcome says what became of the callback: "completed", or why not.
	Outcome   string `json:"outcome"`
	Reference string `json:"reference,omitempty"`
}

// Outcomes of a callback, with the HTTP status each is answered with. The
// valuation service should retry only on 5xx.
var outcomes = []struct {
	kind    error
	outcome string
	status  int
}{
	{callback.ErrDuplicate, "duplicate", http.StatusConflict},
	{callback.ErrLate, "late", http.StatusGone},
	{callback.ErrUnknownReference, "unknown_reference", http.StatusNotFound},
	{callback.ErrInFlight, "in_flight", http.StatusServiceUnavailable},
	{callback.ErrOutcomeUnknown, "outcome_unknown", http.StatusServiceUnavailable},
	{callback.ErrInvalidInput, "bad_request", http.StatusBadRequest},
}

// Handle is the Lambda entry point. It takes an API Gateway HTTP API
// (payload 2.0) or Lambda function URL event.
func (h *handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest,
) (events.APIGatewayV2HTTPResponse, error) {
	body, err := requestBody(req)
	if err != nil || len(body) == 0 {
		// Nothing to verify or redeem. (The local runner's readiness probe
		// is such an empty event.)
		return respond(http.StatusBadRequest, answer{Outcome: "bad_request"}), nil
	}
	if !valuation.Verify(h.secret, body, header(req.Headers, valuation.SignatureHeader)) {
		h.logger.WarnContext(ctx, "valuationcallback: refused a callback with a bad signature")
		return respond(http.StatusUnauthorized, answer{Outcome: "bad_signature"}), nil
	}
	var cb valuation.Callback
	if err := json.Unmarshal(body, &cb); err != nil || cb.Reference == "" {
		return respond(http.StatusBadRequest, answer{Outcome: "bad_request"}), nil
	}
	return h.redeem(ctx, cb), nil
}

// redeem completes the task for cb and says how it went.
func (h *handler) redeem(ctx context.Context,
	cb valuation.Callback) events.APIGatewayV2HTTPResponse {
	var err error
	switch cb.Outcome {
	case valuation.OutcomeValued:
		err = h.redeemer.SucceedReference(ctx, cb.Reference, cb)
	case valuation.OutcomeFailed:
		err = h.redeemer.FailReference(ctx, cb.Reference, valuation.ErrorValuationFailed, cb.Reason)
	default:
		return respond(http.StatusBadRequest, answer{Outcome: "bad_request", Reference: cb.Reference})
	}
	if err == nil {
		return respond(http.StatusOK, answer{Outcome: "completed", Reference: cb.Reference})
	}
	if ce := (*callback.Error)(nil); errors.As(err, &ce) && errors.Is(err, callback.ErrInvalidOutput) {
		return h.refuseOutput(ctx, cb.Reference, ce)
	}
	for _, o := range outcomes {
		if errors.Is(err, o.kind) {
			// The callback package already published the notice.
			return respond(o.status, answer{Outcome: o.outcome, Reference: cb.Reference})
		}
	}
	h.logger.ErrorContext(ctx, "valuationcallback: redeem failed",
		slog.String("reference", cb.Reference), slog.Any("error", err))
	return respond(http.StatusInternalServerError, answer{Outcome: "error", Reference: cb.Reference})
}

// refuseOutput fails the task when its valuation was refused as output
// (too large, say), with the size and hash as the cause, so the execution
// does not wait until it times out.
func (h *handler) refuseOutput(ctx context.Context, reference string,
	refused *callback.Error) events.APIGatewayV2HTTPResponse {
	err := h.redeemer.FailReference(ctx, reference, valuation.ErrorOutputRefused,
		refused.FallbackCause())
	if err != nil {
		h.logger.ErrorContext(ctx, "valuationcallback: fallback failure not sent",
			slog.String("reference", reference), slog.Any("error", err))
		return respond(http.StatusInternalServerError, answer{Outcome: "error", Reference: reference})
	}
	return respond(http.StatusRequestEntityTooLarge,
		answer{Outcome: "output_refused", Reference: reference})
}

// requestBody returns the raw body the signature was computed over.
func requestBody(req events.APIGatewayV2HTTPRequest) ([]byte, error) {
	if req.IsBase64Encoded {
		return base64.StdEncoding.DecodeString(req.Body)
	}
	return []byte(req.Body), nil
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

func respond(status int, a answer) events.APIGatewayV2HTTPResponse {
	body, _ := json.Marshal(a) // two strings: cannot fail
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(body),
	}
}
