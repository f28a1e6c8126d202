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
// input). The context object is optional; when the event has no token field
// the token in the context object is used.
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
//     its failure sent;
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
// with TaskOptions.DefaultErrorCode ([DefaultErrorCode], "TaskFailed"). A
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
//	  fault, unknown outcome, bad token)                  outcome, maybe the outcome)
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
// chooses the status and message, any other error is answered 400.
// [RequestBody] decodes a base64-encoded body.
//
// # Status codes
//
// Each outcome has its own status, so a sender can act on it without
// parsing the body. The JSON body ([ReplyBody]) repeats the kind in
// "status", says what to do in "message", and never holds a token or an
// internal error's text.
//
//	status  body status        meaning; what the sender should do
//	200     succeeded, failed  the task was completed; done
//	200     (replayed: true)   a repeat of the callback that completed the task,
//	                             same outcome (same output hash, or same error
//	                             code); done
//	400     invalid_request    extract refused the request, or no reference; fix it
//	4xx     (status name)      extract refused the request with a [*RejectError]
//	                             of that status: 401 unauthorized, 403 forbidden,
//	                             ... (see below)
//	404     unknown_reference  no task under this reference; do not retry, or
//	                             retry briefly if the callback may beat the save
//	409     duplicate          the task was completed with another outcome; stop
//	410     late               the task timed out or its execution ended; stop
//	413     output_refused     the output is over callback.MaxOutputBytes: the task
//	                             was failed in its place with
//	                             ReceiverOptions.OutputRefusedErrorCode and a
//	                             cause giving the size and SHA-256 (never the
//	                             output); a redelivery is answered 413 again; stop
//	422     invalid_output     the output cannot be marshalled as JSON; fix it
//	429     in_flight          another delivery holds the claim; retry after
//	                             Retry-After
//	500     invalid_token,     the stored token is unusable; the operator is
//	        task_not_found       notified through the closed-task hook; stop
//	500     internal           extract panicked, or the client has no Store;
//	                             the receiver must be fixed
//	503     send_failed,       transient: retry after Retry-After (the client's
//	        outcome_unknown,     lease by default, after which a claim left
//	        store_failed         behind can be taken over)
//
// A 4xx chosen by a [*RejectError] (401 for a bad signature, say) is sent as
// is; the body's status word is the status's name in lower case with
// underscores (http.StatusText: "unauthorized", "forbidden",
// "too_many_requests"), or "invalid_request" for 400 and for a status
// without a name. Other statuses are answered 400.
//
// # SQS
//
// [Receiver.SQS] needs ReportBatchItemFailures on the event source mapping.
// Only messages worth another delivery come back as batch item failures:
// 429, 503 and 404 (a callback racing the save of its token); late and
// duplicate callbacks, and those no redelivery can fix, are acknowledged.
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
