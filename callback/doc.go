// Package callback completes AWS Step Functions tasks that wait for a task
// token: SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat, by raw
// token or by business reference through a [tokenstore.Store], with typed
// errors, checks before any network call, retries and a heartbeater.
//
// A [Client] is built with [New] from anything that has the three Step
// Functions methods of [API] (a [*sfn.Client], or the fake in package
// callbacktest):
//
//	c := callback.New(sfn.NewFromConfig(cfg), func(o *callback.Options) {
//		o.Store = store // for the by-reference methods
//	})
//
// # Raw tokens
//
// [Client.Succeed], [Client.SucceedJSON], [Client.Fail] and
// [Client.Heartbeat] take the token itself. Step Functions answers a late
// callback and a repeated one with the same TaskTimedOut, and without a
// store nothing else can tell them apart: such an answer is [ErrLate],
// unless this client itself completed that token earlier (it remembers the
// last [Options.RememberTokens] tokens it completed, by fingerprint), in
// which case it is [ErrDuplicate] with the first outcome and time. Both
// match [ErrTaskClosed].
//
// # By reference
//
// [Client.SucceedReference], [Client.SucceedReferenceJSON],
// [Client.FailReference] and [Client.HeartbeatReference] look the token up
// under the reference the external party calls back with. A redeem is:
// claim the record (one conditional write, leased for [Options.Lease]),
// send, then complete the record with the outcome, the error code and the
// hash of the output, or give the claim back when the send failed in a way
// a redelivery can finish. A duplicate or a known-late callback is answered
// from the store and never reaches Step Functions; a callback past the
// stored deadline closes the record as LATE on the way.
//
// A fast callback can race the save of its token. [Options.WaitForReference]
// (off by default) makes a redeem wait that long for an unknown reference,
// looking again every [Options.PollInterval].
//
// # Errors and the decision table
//
// Every refused or failed callback returns an [*Error] whose Kind is one of
// the sentinels, matched with errors.Is; it also unwraps to the AWS error
// (errors.As(err, new(*types.TaskTimedOut)) works) and to the store's error.
//
//	Step Functions answer        error
//	TaskTimedOut                 ErrLate (raw token: ErrDuplicate if this client sent it
//	                               before; Replayed if it sent this same callback)
//	InvalidToken                 ErrInvalidToken
//	TaskDoesNotExist             ErrTaskNotFound
//	InvalidOutput                ErrInvalidOutput
//	ThrottlingException,         retried; once retries or the deadline run out:
//	  KmsThrottlingException       ErrSendFailed with AWSCode
//	KmsAccessDeniedException,    ErrSendFailed with AWSCode: the state machine's
//	  KmsInvalidStateException     KMS key must be fixed; not retried
//	5xx service fault            retried; then ErrSendFailed
//	any other code               ErrSendFailed, AWSCode kept; never late or duplicate
//	no answer (timeout, cut      ErrOutcomeUnknown, never late; also TaskTimedOut
//	  connection after sending)    after an attempt that may have landed (5xx)
//
// By reference, the store's state decides first; only an open record
// reaches Step Functions. "Claimed" rows are after this call won the claim.
//
//	store                 answer              error               written back
//	not found             -                   ErrUnknownReference nothing
//	claimed, lease runs   -                   ErrInFlight         nothing
//	SUCCEEDED or FAILED   -                   ErrDuplicate (1)    nothing
//	SUCCEEDED or FAILED,  -                   ErrDuplicate (1),   nothing; not
//	  same callback again                       Replayed            notified (5)
//	LATE                  -                   ErrLate             nothing
//	past deadline         -                   ErrLate             mark LATE (2)
//	past expiry (TTL)     -                   ErrLate             nothing
//	claimed               success             nil                 complete SUCCEEDED or
//	                                                              FAILED, output hash
//	claimed               TaskTimedOut,       ErrLate             complete LATE
//	                      deadline passed
//	                      (even during the
//	                      send) or unknown
//	claimed               TaskTimedOut, this  ErrDuplicate        complete with what
//	                      client sent the                         this client sent
//	                      token before
//	claimed               TaskTimedOut,       ErrDuplicate        release (3)
//	                      deadline ahead
//	claimed               no answer, or       ErrOutcomeUnknown   keep the claim (4)
//	                      TaskTimedOut after
//	                      a 5xx attempt
//	claimed               InvalidToken        ErrInvalidToken     release
//	claimed               TaskDoesNotExist    ErrTaskNotFound     release
//	claimed               InvalidOutput       ErrInvalidOutput    release
//	claimed               throttled, KMS,     ErrSendFailed       release
//	                      fault, unknown code
//	claimed               stored token fails  ErrInvalidToken     release
//	                      the checks (no call)
//
// (1) with the first outcome, its time and what it sent in
// [Error.PriorOutcome], [Error.PriorAt], [Error.PriorOutputHash] (see
// [OutputHash]) and [Error.PriorErrorCode]. (2) the store refuses the
// claim because the stored deadline has passed; the record is closed as
// LATE with one conditional write (tokenstore.Store.MarkLate), so a later
// callback meets the LATE row and writes nothing; the notice names the
// execution and state from the record. A heartbeat past the deadline is
// ErrLate from its read and writes nothing: heartbeats never write the
// record. (3) the task was closed by a callback this store did
// not record; the record stays open and the deadline will expire it. (4)
// see below. (5) see "The closed-task hook"; the same holds by raw token
// when this client sent the first callback.
//
// Keeping the claim after [ErrOutcomeUnknown] makes redeliveries wait
// (ErrInFlight) until the lease ends; a resend after that either completes
// the task (the first send had not landed) or gets TaskTimedOut, which is
// then a duplicate while the deadline is ahead and late after it.
//
// Other store failures are [ErrStore]. A reference that is empty, longer
// than tokenstore.MaxReferenceBytes or not valid UTF-8 is [ErrInvalidInput]
// before the store is touched (tokenstore.ValidateReference, the store's
// own rule). A client that cannot work, whatever the callback, is
// [ErrNotConfigured]: a nil *Client, no Step Functions client, no Store, or
// a Store that refuses a valid reference as invalid input (a nil
// *memstore.Store or *tokenstore.DynamoStore). If the send succeeds but the
// completion cannot be written, the call still returns nil (the task is
// done) and the failure is logged.
//
// # Limits
//
// Checked before any network call, store included:
//
//   - token: 1 to [MaxTokenBytes] bytes of printable ASCII, no whitespace,
//     not a $ path or {% %} placeholder left unresolved, not URL-encoded
//     (%2B, %2F, %3D) or quoted: [ErrInvalidToken];
//   - success output: valid JSON of at most [MaxOutputBytes] bytes:
//     [ErrInvalidOutput], whose message gives the size and the limit;
//   - failure error code over [MaxErrorCodeBytes] and cause over
//     [MaxCauseBytes]: cut on a character boundary with a visible marker,
//     never refused, because a refused failure leaves the execution waiting.
//     The full text goes to the Notifier as a "failure_cut" notice.
//
// After an oversized success, send the fallback failure with
// [Error.FallbackCause]: the size, the limit and the SHA-256 of the output,
// never the payload. By reference, [Client.RefuseOutputReference] does it
// and reports the refused output once: a redelivery of the same oversized
// callback finds the failure already sent with the same error code and is
// a replay, neither sent nor notified again.
//
// # Retries
//
// Sends use the SDK's standard retryer (package aws/retry), set on each
// call, with jittered exponential backoff capped at [Options.MaxBackoff],
// at most [Options.MaxAttempts] attempts, all inside the caller's context
// deadline (a Lambda's, where there is one). A success or failure is not
// idempotent, so only answers that show the request was not acted on are
// retried: throttling (KMS throttling included), 5xx faults and
// connections that failed while dialling. Terminal answers (TaskTimedOut,
// InvalidToken, TaskDoesNotExist, InvalidOutput) never are. Heartbeats are
// idempotent and also retry the SDK's default transient errors.
//
// # Heartbeats
//
// [Client.KeepAlive] runs work while sending a heartbeat every interval
// (use [HeartbeatInterval] for a third of HeartbeatSeconds). It stops when
// the work returns or the context ends, leaves no goroutine behind, and
// cancels the work's context when Step Functions says the task is gone.
// [Client.KeepAliveReference] does the same for a stored reference without
// taking its claim. A heartbeat that fails for a passing reason (throttling
// beyond the retries, a fault) is logged and the next one tried.
//
// # The closed-task hook
//
// Every error other than [ErrInFlight], [ErrInvalidInput],
// [ErrNotConfigured] and a replay
// (below) is handed to [Options.OnClosedTask], logged on [Options.Logger]
// and sent to [Options.Notifier] as an errnotify.Notice whose Kind is
// [NoticeKind] ("late", "duplicate", "unknown_reference", ...), with the
// reference, the execution ARN and state name from the record, and the
// token (which the notifier turns into a fingerprint). The notice's
// Description is a plain sentence ("late callback for reference VAL-1: the
// task timed out or its execution ended before it was answered"); its Err
// is the [*Error], whose text has the AWS code, request id and store error. A failed Notify is
// joined with the original error (errors.Join), never replaces it. No log
// line, error or notice ever holds a raw token.
//
// A replay is an [ErrDuplicate] with [Error.Replayed] set: the callback
// repeats the one that completed the task, with the same outcome and the
// same output hash or error code, as an at-least-once sender does when it
// did not hear back. It is returned like any duplicate, so the caller can
// answer the sender as before, but it is only logged, at level Info: it
// reaches neither the hook nor the notifier.
//
// # Limitations
//
//   - [Error.Replayed] compares a failure by its error code only (the cause
//     is not stored) and a success by the SHA-256 of its JSON bytes: the same
//     value with other spacing or key order is a duplicate, not a replay.
//   - Without a store, a raw-token TaskTimedOut is late unless this client
//     completed the token itself; a duplicate from another process reads as
//     late.
//   - A record past its expiry (TTL) is not rewritten as LATE: it counts
//     as gone, and the next save replaces it. A record past its deadline is
//     marked LATE only by a success or failure, not by a heartbeat, and
//     only when the store's refusal carries the record
//     ([tokenstore.Error.Record]; both stores of this module do), which
//     tells a passed deadline from a passed expiry.
//   - By reference, a TaskTimedOut before the stored deadline is taken as a
//     duplicate; a task closed early for another reason (execution stopped,
//     heartbeat timeout) reads the same way.
//   - After [ErrOutcomeUnknown] by raw token, resending the same token and
//     getting TaskTimedOut reads as [ErrLate]: the client does not know
//     whether its own first send landed.
//   - If the work inside [Client.KeepAlive] completes the task through
//     another client or process, a heartbeat in the instant before the work
//     returns may report the task gone; through the same client it does not.
package callback
