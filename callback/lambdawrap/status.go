package lambdawrap

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tasktoken/tasktoken/callback"
)

// Reply is a receiver's answer to one callback: an HTTP status, a JSON
// body and, for 429 and 503, a pause before retrying.
type Reply struct {
	// StatusCode is the HTTP status (see "Status codes" in the package docs).
	StatusCode int
	// RetryAfter, when positive, is sent as the Retry-After header.
	RetryAfter time.Duration
	// Body is sent as JSON.
	Body ReplyBody
}

// ReplyBody is the JSON body of a [Reply]. It never holds a token or the
// text of an internal error.
type ReplyBody struct {
	// Status is the outcome sent ("succeeded", "failed") or the kind of
	// refusal ("late", "duplicate", "unknown_reference", "in_flight",
	// "invalid_request" or the name of a rejecting 4xx status such as
	// "unauthorized", "output_refused", "invalid_output", "invalid_token",
	// "task_not_found", "outcome_unknown", "send_failed", "store_failed",
	// "internal", "extract_failed", or the name of a 5xx status a
	// [*RejectError] chose, such as "service_unavailable").
	Status string `json:"status"`
	// Reference echoes the callback's reference, when known: at most its
	// first 64 bytes, as valid UTF-8, ending in "…" when cut.
	Reference string `json:"reference,omitempty"`
	// Message says in words what happened and what the sender may do.
	Message string `json:"message"`
	// Replayed is set when an earlier delivery of the same callback
	// completed the task.
	Replayed bool `json:"replayed,omitempty"`
	// PriorOutcome and PriorAt tell how and when the task was completed
	// before, for a duplicate or late callback, when known.
	PriorOutcome string     `json:"priorOutcome,omitempty"`
	PriorAt      *time.Time `json:"priorAt,omitempty"`
	// RetryAfterSeconds repeats the Retry-After header.
	RetryAfterSeconds int `json:"retryAfterSeconds,omitempty"`
}

// Headers returns the response headers: the content type and, when the
// reply asks for a pause, Retry-After.
func (r Reply) Headers() map[string]string {
	h := map[string]string{"Content-Type": "application/json"}
	if r.RetryAfter > 0 {
		h["Retry-After"] = strconv.Itoa(retrySeconds(r.RetryAfter))
	}
	return h
}

// JSON returns the body as JSON text.
func (r Reply) JSON() string {
	raw, err := json.Marshal(r.Body)
	if err != nil { // a ReplyBody always marshals; keep the reply valid anyway
		return `{"status":"` + r.Body.Status + `"}`
	}
	return string(raw)
}

// retrySeconds rounds d up to whole seconds, at least one.
func retrySeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// refusal is how one kind of callback error is answered.
type refusal struct {
	kind    error
	status  int
	name    string
	message string
}

// refusals is the status table of the package docs, most specific first.
var refusals = []refusal{
	{callback.ErrLate, http.StatusGone, "late",
		"the task closed before this callback (timed out or its execution ended)"},
	{callback.ErrDuplicate, http.StatusConflict, "duplicate",
		"the task was already completed with a different outcome"},
	{callback.ErrUnknownReference, http.StatusNotFound, "unknown_reference",
		"no task waits under this reference"},
	{callback.ErrInFlight, http.StatusTooManyRequests, "in_flight",
		"another delivery of this callback is being redeemed; retry after the pause"},
	{callback.ErrNotConfigured, http.StatusInternalServerError, "internal",
		"the receiver is not configured; it must be fixed"},
	{callback.ErrInvalidInput, http.StatusBadRequest, "invalid_request",
		"the callback's reference is unusable"},
	{callback.ErrInvalidOutput, http.StatusUnprocessableEntity, "invalid_output",
		"the output cannot be sent as JSON"},
	{callback.ErrInvalidToken, http.StatusInternalServerError, "invalid_token",
		"the task token stored for this reference is unusable; retrying will not help"},
	{callback.ErrTaskNotFound, http.StatusInternalServerError, "task_not_found",
		"Step Functions does not know the task stored for this reference"},
	{callback.ErrOutcomeUnknown, http.StatusServiceUnavailable, "outcome_unknown",
		"the outcome of the send is unknown; retry after the pause"},
	{callback.ErrSendFailed, http.StatusServiceUnavailable, "send_failed",
		"Step Functions did not take the callback; retry after the pause"},
	{callback.ErrStore, http.StatusServiceUnavailable, "store_failed",
		"the token store failed; retry after the pause"},
}

// unexpected answers an error no row of refusals matches.
var unexpected = refusal{kind: nil, status: http.StatusInternalServerError,
	name: "internal", message: "the callback could not be redeemed"}

// replyFor maps a refused callback to its reply.
func replyFor(err error, reference string, retryAfter time.Duration) Reply {
	row := refusalOf(err)
	reply := Reply{StatusCode: row.status,
		Body: ReplyBody{Status: row.name, Reference: echo(reference), Message: row.message}}
	if row.status == http.StatusTooManyRequests || row.status == http.StatusServiceUnavailable {
		reply.RetryAfter = retryAfter
		reply.Body.RetryAfterSeconds = retrySeconds(retryAfter)
	}
	var ce *callback.Error
	if errors.As(err, &ce) && ce.Detail != "" && explained(row.kind) {
		reply.Body.Message += ": " + ce.Detail
	}
	if errors.As(err, &ce) && ce.PriorOutcome != "" {
		reply.Body.PriorOutcome = string(ce.PriorOutcome)
		if !ce.PriorAt.IsZero() {
			at := ce.PriorAt.UTC()
			reply.Body.PriorAt = &at
		}
	}
	return reply
}

// explained reports whether the reply to an error of kind says the
// error's Detail: the package's own words on what is wrong with the
// reference or the configuration, never a store's or an AWS error's text.
func explained(kind error) bool {
	return kind == callback.ErrInvalidInput || kind == callback.ErrNotConfigured
}

// echoBytes is the most of a reference a reply repeats.
const echoBytes = 64

// echo returns the reference as a reply repeats it: whole when it is valid
// UTF-8 of at most echoBytes bytes, else a valid prefix of that size at
// most, with each invalid byte sequence as U+FFFD, ending in "…".
func echo(reference string) string {
	if len(reference) <= echoBytes && utf8.ValidString(reference) {
		return reference
	}
	cut := reference[:min(len(reference), echoBytes)]
	return strings.ToValidUTF8(cut, "\uFFFD") + "…"
}

// refusalOf finds the row for err: by the Kind of its *callback.Error
// when there is one, else by errors.Is.
func refusalOf(err error) refusal {
	var ce *callback.Error
	if errors.As(err, &ce) {
		for _, row := range refusals {
			if ce.Kind == row.kind {
				return row
			}
		}
	}
	for _, row := range refusals {
		if errors.Is(err, row.kind) {
			return row
		}
	}
	return unexpected
}
