package lambdawrap

import (
	"context"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// SQS wraps extract as a Lambda handler for an SQS event source mapping
// with ReportBatchItemFailures turned on. Each message is redeemed as in
// [Receiver.Redeem]; only those worth another delivery are reported as
// batch item failures, so only they come back:
//
//   - in flight (429), a send or store failure or an unknown outcome (503),
//     and an unknown reference (404: a fast callback may race the save of
//     its token; one that never appears reaches the queue's dead-letter
//     queue through its redrive policy);
//   - every message not tried because the invocation's context ended.
//
// Late and duplicate callbacks, and those no delivery can fix (a message
// extract refuses, invalid output, an unusable stored token), are
// acknowledged; the callback client's closed-task hook and the
// Receiver's Logger report them. On a FIFO queue the messages after the
// first one to come back are returned too, keeping their order.
func (r *Receiver) SQS(
	extract func(context.Context, events.SQSMessage) (Callback, error),
) func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
		failing := false
		for _, msg := range ev.Records {
			if !failing && ctx.Err() == nil {
				reply := r.receive(ctx, func(ctx context.Context) (Callback, error) {
					return extract(ctx, msg)
				})
				if !redeliver(reply) {
					continue
				}
				failing = isFIFO(msg.EventSourceARN)
			}
			resp.BatchItemFailures = append(resp.BatchItemFailures,
				events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
		}
		return resp, nil
	}
}

// redeliver reports whether another delivery of a message could end
// differently.
func redeliver(reply Reply) bool {
	switch reply.StatusCode {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusNotFound:
		return true
	}
	return false
}

// isFIFO reports whether the queue of an event source ARN is a FIFO queue.
func isFIFO(queueARN string) bool { return strings.HasSuffix(queueARN, ".fifo") }
