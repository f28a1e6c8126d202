// Package sfnctx gives typed access to the Step Functions context object and
// to the Lambda context a handler runs in, and turns execution ARNs into
// console links that lead support straight to what failed.
//
// # The context object
//
// Step Functions keeps facts about the running execution in the context
// object: $$ in JSONPath states, $states.context in JSONata states. A state
// hands it to its task by naming it in the task's parameters. For a Lambda
// function that waits for a callback, add a field to the Payload:
//
//	"Type": "Task",
//	"Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
//	"Parameters": {
//	  "FunctionName": "valuation-request",
//	  "Payload": {
//	    "input.$": "$",
//	    "ctx.$": "$$"
//	  }
//	}
//
// and in a state that uses JSONata:
//
//	"Type": "Task",
//	"Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
//	"QueryLanguage": "JSONata",
//	"Arguments": {
//	  "FunctionName": "valuation-request",
//	  "Payload": {
//	    "input": "{% $states.input %}",
//	    "ctx": "{% $states.context %}"
//	  }
//	}
//
// The handler decodes it with [FromEvent] (or [Decode] for the object
// alone) and carries it in a context.Context with [NewContext], where
// [FromContext] finds it again; the callback and errnotify packages read it
// from there.
//
//	func handle(ctx context.Context, event json.RawMessage) error {
//		c, err := sfnctx.FromEvent(event, "ctx")
//		if err != nil {
//			return err
//		}
//		ctx = sfnctx.NewContext(ctx, c)
//		...
//	}
//
// Decoding is tolerant: fields Step Functions adds later are ignored and
// missing ones stay zero, so a state may pass only part of the object, for
// example "ctx": {"Task": {"Token.$": "$$.Task.Token"}} (the local engine
// kumo offers nothing else). A state that wraps the object with
// States.JsonToString($$) works too. What cannot be decoded comes back as
// an [*Error] matching [ErrNotObject], [ErrNotContext], [ErrMissingField] or
// [ErrInvalidField]; decoding never panics, whatever the input.
//
// The context object does not carry the state's TimeoutSeconds. A state
// whose token is stored to be answered later passes it beside the object,
// "timeoutSeconds": 3600 next to "ctx.$": "$$", and [Context.Deadline] turns
// the two into the moment the state times out (State.EnteredTime plus the
// timeout; zero when either is unknown), which a stored token record keeps
// to tell a late callback.
//
// The task token in [Task] is a secret: never log it. [TokenFingerprint]
// gives a short stand-in that identifies it without revealing it.
//
// # Lambda facts
//
// [LambdaFromContext] collects what support needs to find an invocation's
// logs: the invoked function ARN and request id from lambdacontext, the
// function name, version, log group and log stream from the Lambda
// environment variables, and the invocation deadline, with
// [Lambda.RemainingTime] to tell how much of it is left.
//
// # ARNs and console links
//
// [ParseExecutionARN] and [ParseStateMachineARN] read execution ARNs
// (standard and Express) and state machine ARNs with the SDK's ARN parser.
// [ExecutionARN.ConsoleURL] and [StateMachineARN.ConsoleURL] link to the Step
// Functions console of the ARN's partition: aws (console.aws.amazon.com),
// aws-cn (console.amazonaws.cn) and aws-us-gov
// (console.amazonaws-us-gov.com). Bad ARNs give an [*Error] matching
// [ErrInvalidARN].
//
// # Limitations
//
// The console finds an Express execution by its start time: a link built
// without one (as [ExecutionConsoleURL] does) may open an empty page for an
// Express execution. Pass the context object's Execution.StartTime to
// [ExecutionARN.ConsoleURL] where it is known.
//
// The local engine kumo offers only Task.Token in the context object; the
// other sections stay zero there, and so do the facts built from them.
package sfnctx
