package lambdawrap

import (
	"context"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// SQS wraps extract as a Lambda handler for an SQS event source mapping
// with ReportBatchItemFailures turned on. Each message is redeemed as in
// [Receiver.Redeem] and answered as over HTTP; the reply's status decides
// whether it comes back (see "Status codes" in the package docs):
//
//   - back, as a batch item failure: every 5xx (a send or store failure,
//     an unknown outcome, a receiver that is not configured, an extract
//     function that panicked or returned an error that is not a
//     [*RejectError], a [*RejectError] with a 5xx status, an unusable
//     stored token), 429 (in flight) and 404 (a fast callback may race the
//     save of its token); one that never succeeds reaches the queue's
//     dead-letter queue through its redrive policy;
//   - back, too: every message not tried because the invocation's context
//     ended;
//   - acknowledged: 200 (done, or replayed), 409 duplicate, 410 late, 413
//     output refused, 422 invalid output and every other 4xx (a
//     [*RejectError] saying the message itself is wrong): no redelivery
//     can change them. The callback client's closed-task hook and the
//     Receiver's Logger report them.
//
// On a FIFO queue the messages after the first one to come back are
// returned too, keeping their order. A nil *Receiver sends every message
// back.
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
// differently: a 5xx, 429 or 404 reply.
func redeliver(reply Reply) bool {
	return reply.StatusCode >= http.StatusInternalServerError ||
		reply.StatusCode == http.StatusTooManyRequests ||
		reply.StatusCode == http.StatusNotFound
}

// isFIFO reports whether the queue of an event source ARN is a FIFO queue.
func isFIFO(queueARN string) bool { return strings.HasSuffix(queueARN, ".fifo") }
