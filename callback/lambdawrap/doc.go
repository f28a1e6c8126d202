// Package lambdawrap wraps existing AWS Lambda handlers so that they answer
// Step Functions safely through package callback: as task workers invoked by
// a state that waits for a task token, and as receivers of the callbacks an
// external party sends by webhook or queue. Handlers keep their own
// signature; the wrapper reads the token, sends the outcome and decides how
// the invocation ends.
//
// # Task workers
//
// [Task] turns a typed handler func(ctx, In) (Out, error) into a handler for
// lambda.Start, for a state using arn:aws:states:::lambda:invoke.waitForTaskToken:
//
//	client := callback.New(sfn.NewFromConfig(cfg))
//	lambda.Start(lambdawrap.Task(client, valuate))
//
// The state passes the token, and optionally the context object, in the
// Payload. With the default field names ([DefaultTokenField] "taskToken",
// [DefaultContextField] "ctx"), in a JSONPath state:
//
//	"Type": "Task",
//	"Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
//	"Parameters": {
//	  "FunctionName": "valuate",
//	  "Payload": {
//	    "taskToken.$": "$$.Task.Token",
//	    "ctx.$": "$$",
//	    "loanId.$": "$.loanId"
//	  }
//	}
//
// and in a JSONata state:
//
//	"QueryLanguage": "JSONata",
//	"Arguments": {
//	  "FunctionName": "valuate",
//	  "Payload": {
//	    "taskToken": "{% $states.context.Task.Token %}",
//	    "ctx": "{% $states.context %}",
//	    "loanId": "{% $states.input.loanId %}"
//	  }
//	}
//
// The handler's input In is decoded from the event without the token and
// context fields (so the token never reaches it), or from the single field
// named by TaskOptions.PayloadField ("input.$": "$" passes the whole state
// input). The context object is optional. When the token field is absent,
// null or "", the token in the context object is used; when both hold a
// token and they differ, the invocation fails with [ErrInvalidEvent] before
// the handler runs (the state definition passes two tokens, and neither can
// be trusted). Field names are exact: an event without the token field but
// with one whose name differs only in case or in _ - . $ ("TaskToken",
// "task_token", an unresolved "taskToken.$") fails with an error naming it.
//
// For each invocation the worker:
//
//   - refuses an event without a token, or with an empty one or one that
//     callback.CheckToken refuses, before the handler runs: the invocation
//     fails with an [*Error] naming the field ([ErrMissingToken], or
//     callback.ErrInvalidToken), and nothing is sent;
//   - puts the decoded context object in the handler's context
//     (sfnctx.FromContext finds it; it holds at least the token), next to the
//     Lambda context, whose facts sfnctx.LambdaFromContext reads;
//   - runs the handler, sending heartbeats every TaskOptions.HeartbeatInterval
//     when set (callback.Client.KeepAlive), with a context that ends
//     TaskOptions.SendReserve ([DefaultSendReserve], one second) before the
//     invocation's deadline, so that a handler running too long still has
//     its failure sent, with [HandlerTimedOutErrorCode] when its error
//     chose no code; when the invocation has less time left than
//     SendReserve, the handler is not started at all and that failure is
//     sent at once, its cause saying to raise the function's timeout or
//     lower SendReserve;
//   - sends success with Out marshalled as JSON, or failure with an error
//     code and the error's text as the cause.
//
// An event whose token is fine but whose payload or context object does not
// decode fails the task with [InvalidEventErrorCode] rather than leaving the
// execution waiting. An output over the size limit fails it with
// [OutputRefusedErrorCode] and a cause giving the size and hash.
//
// # Error codes
//
// The error code is what the state's Catch and Retry match on. A handler
// chooses it by returning an error with an [ErrorCoder] (ErrorCode() string)
// in its chain, found with errors.As; [WithCode] wraps any error with one.
// AWS SDK errors carry their AWS error code this way. Any other error is sent
// with TaskOptions.DefaultErrorCode ([DefaultErrorCode], "TaskFailed"),
// unless the handler's context had ended by its deadline (SendReserve before
// the invocation's): then it is sent as [HandlerTimedOutErrorCode]
// ("TaskHandlerTimedOut"), so a Catch can tell a worker that ran out of
// time from a handler that failed. A
// panic is sent as [PanicErrorCode] with the panic value and a stack trace
// cut to TaskOptions.MaxStackBytes. Causes longer than Step Functions takes
// are cut by the callback client; any copy of the token in a cause is
// replaced by its fingerprint.
//
// # How the invocation ends
//
//	what happened                          invocation   Step Functions got
//	no token, empty or invalid token       fails        nothing
//	outcome sent                           succeeds     the outcome
//	task late or duplicate (at the send    succeeds     nothing new; the client's
//	  or a heartbeat)                                     closed-task hook hears of it
//	send failed (throttled past retries,   fails        nothing (or, for an unknown
//	  fault, unknown outcome, bad token;                  outcome, maybe the outcome)
//	  TaskResult.Outcome "not_sent")
//	handler panicked                       fails        the failure, if it was sent
//	retry of a handled invocation          succeeds     nothing (TaskResult.Replayed)
//
// Step Functions invokes the function synchronously unless the state's
// Parameters set "InvocationType": "Event". Synchronously, a failed
// invocation fails the task with the function's error when no callback was
// sent first, so the execution never waits for a callback that will not
// come; the state's Retry then starts a new attempt with a new token.
// Asynchronously, Lambda retries a failed invocation (twice by default)
// with the same event and token.
//
// The invocation succeeds once the callback is sent, so Lambda's retry
// does not run the work twice; when the send fails, the invocation fails so
// that it is retried. The worker remembers the last TaskOptions.RememberTasks
// tokens it handled (by SHA-256, never the token): a retry of a handled
// invocation answers from memory without running the handler or sending,
// and a retry after a failed send resends the remembered outcome without
// running the handler again.
//
// # Callback receivers
//
// A [Receiver] redeems callbacks by reference through a callback.Client with
// a Store. The user's extract function reads the reference and the outcome
// ([Succeeded] or [Failed] build a [Callback]) from the request; the
// Receiver's methods wrap it for API Gateway REST APIs
// ([Receiver.APIGateway]), HTTP APIs ([Receiver.HTTPAPI]), Lambda function
// URLs ([Receiver.FunctionURL]) and SQS ([Receiver.SQS]). An extract function
// refuses a request by returning an error: a [*RejectError] (see [Reject])
// chooses the status and message; any other error is answered 500
// extract_failed, as a failure of the receiver (a secret store that did not
// answer, say), and comes back on SQS. [RequestBody] decodes a
// base64-encoded body and refuses one that does not decode with a
// [*RejectError] of status 400; every HTTP extract function should read
// the body through it.
//
// # Status codes
//
// Each outcome has its own status, so a sender can act on it without
// parsing the body. The JSON body ([ReplyBody]) repeats the kind in
// "status", says what to do in "message", repeats at most the first 64
// bytes of the reference (valid UTF-8, "…" when cut), and never holds a
// token or an internal error's text. The last column is what
// [Receiver.SQS] does with the message: a 5xx, 429 or 404 comes back as a
// batch item failure (and reaches the dead-letter queue if it never
// succeeds); anything else is final and acknowledged.
//
//	status  body status        meaning; what the sender should do          SQS
//	200     succeeded, failed  the task was completed; done                ack
//	200     (replayed: true)   a repeat of the callback that completed     ack
//	                             the task, same outcome (same output hash,
//	                             or same error code); done
//	400     invalid_request    the reference is empty, longer than         ack
//	                             tokenstore.MaxReferenceBytes or not valid
//	                             UTF-8 (the message says which), or
//	                             extract refused the request; fix it
//	4xx     (status name)      extract refused the request with a          ack
//	                             [*RejectError] of that status: 401
//	                             unauthorized, 403 forbidden, ... (below)
//	404     unknown_reference  no task under this reference; do not       back
//	                             retry, or retry briefly if the callback
//	                             may beat the save
//	409     duplicate          the task was completed with another         ack
//	                             outcome; stop
//	410     late               the task timed out or its execution        ack
//	                             ended; stop
//	413     output_refused     the output is over callback.MaxOutputBytes: ack
//	                             the task was failed in its place with
//	                             ReceiverOptions.OutputRefusedErrorCode and
//	                             a cause giving the size and SHA-256 (never
//	                             the output); a redelivery is answered 413
//	                             again, as a replay without a second
//	                             notice; stop
//	422     invalid_output     the output cannot be marshalled as JSON;    ack
//	                             fix it
//	429     in_flight          another delivery holds the claim; retry    back
//	                             after Retry-After
//	500     invalid_token,     the stored token is unusable; the operator back
//	        task_not_found       is notified through the closed-task hook
//	500     internal           the receiver is not configured (no client, back
//	                             no Store, a nil store such as a nil
//	                             *tokenstore.DynamoStore, a nil Receiver;
//	                             the message names it) or extract
//	                             panicked; retry once it is fixed
//	500     extract_failed     extract returned an error that is not a    back
//	                             [*RejectError]; retry later
//	5xx     (status name)      extract refused the request with a         back
//	                             [*RejectError] of that status (503
//	                             service_unavailable, say); retry later
//	503     send_failed,       transient: retry after Retry-After (the    back
//	        outcome_unknown,     client's lease by default, after which a
//	        store_failed         claim left behind can be taken over)
//
// A status chosen by a [*RejectError] (401 for a bad signature, 503 while
// a secret cannot be read) is sent as is if it is 4xx or 5xx; the body's
// status word is the status's name in lower case with underscores
// (http.StatusText: "unauthorized", "forbidden", "too_many_requests",
// "service_unavailable"), or "invalid_request" for 400 and for a status
// without a name. Other statuses are answered 400.
//
// # SQS
//
// [Receiver.SQS] needs ReportBatchItemFailures on the event source mapping
// and a redrive policy with a dead-letter queue. It follows the last column
// of the table above: a message comes back when a redelivery could end
// differently (429, 404 and every 5xx, so a receiver deployed without its
// store keeps every callback for when it is fixed, or for the dead-letter
// queue), and is acknowledged when no redelivery can change the answer.
// Messages not tried because the invocation's context ended come back too.
//
// # Limitations
//
//   - The worker's memory of handled tokens lives in the process. A retry
//     that Lambda runs in a fresh execution environment runs the handler
//     again; its send is then answered TaskTimedOut and the invocation ends
//     cleanly as late, so Step Functions never takes two outcomes.
//   - A duplicate failure counts as the same outcome when its error code
//     matches; the cause is not stored, so it cannot be compared.
package lambdawrap
