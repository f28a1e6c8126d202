// Package errnotify publishes failure notices to Amazon SNS in a
// {source, description, ...} envelope that leads support straight to the
// execution and function involved.
//
// # Publishing
//
// [New] takes anything with the SNS client's Publish method ([SNSAPI];
// *sns.Client fits) and a topic ARN. [Notifier.Notify] publishes one
// [Notice]; [Notifier.Report] publishes a notice about an error and hands the
// error back, joined with the publish error if SNS refused the notice, so a
// failed notification never hides the failure it was about:
//
//	notifier := errnotify.New(sns.NewFromConfig(cfg), topicARN)
//	...
//	if err := deliver(ctx); err != nil {
//		return notifier.Report(ctx, err, errnotify.Notice{
//			Description: "valuation callback could not be delivered",
//			Kind:        "send_failed",
//			Reference:   ref,
//		})
//	}
//
// *Notifier has the method Notify(ctx, Notice) error that the callback
// package's Notifier interface asks for, so it plugs in as is.
//
// Fields the notice leaves empty are filled from the context.Context: the
// Step Functions facts from the [sfnctx.Context] that [sfnctx.NewContext]
// put there, the Lambda facts from the Lambda context (see
// [sfnctx.LambdaFromContext]). A notice that names an execution other than
// the context object's takes none of that object's facts, which would
// describe the wrong execution: not its state, not its retry count, and
// not its token as the notice's tokenFingerprint (give Notice.Token for
// that). The notice names another execution when its execution ARN, the
// execution name in that ARN or its state machine (version, alias and map
// run label aside) differs from what the context object knows, even a
// context object without Execution.Id. A context object that carries only
// a token, as kumo passes it, shows no difference: its token becomes the
// notice's fingerprint unless Notice.Token names another.
// Either way the context object's token is kept out, replaced by its
// placeholder wherever it appears.
//
// # The envelope
//
// The message body is a JSON object ([Envelope]), schema version
// [SchemaVersion]. source, description, version and time are always there;
// the other fields only when known:
//
//	{
//	  "source": "arn:aws:lambda:eu-west-1:123456789012:function:valuation-callback",
//	  "description": "valuation callback arrived after the task timed out",
//	  "version": "1",
//	  "kind": "late",
//	  "error": "callback: send task success: task is late",
//	  "reference": "VAL-1",
//	  "executionArn": "arn:aws:states:eu-west-1:123456789012:execution:loans:run-42",
//	  "stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:loans",
//	  "stateName": "WaitForValuation",
//	  "retryCount": 1,
//	  "lambdaRequestId": "8f5e1c1e-2f4b-4c1a-9d51-0b7d3a3c2a10",
//	  "functionName": "valuation-callback",
//	  "logGroup": "/aws/lambda/valuation-callback",
//	  "logStream": "2026/05/04/[$LATEST]0123456789abcdef",
//	  "consoleUrl": "https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:loans:run-42",
//	  "tokenFingerprint": "a22666836283ff6d",
//	  "time": "2026-05-04T10:05:00Z",
//	  "truncated": ["error"],
//	  "extra": {"valuer": "acme"}
//	}
//
// source is the invoked Lambda function ARN when ctx carries a Lambda
// context, else the state machine ARN (from the notice, the context object
// or else the execution ARN), else Options.Source ([DefaultSource] by
// default). stateMachineArn is derived from the execution ARN when nothing
// else gives it (for a Distributed Map child, the parent's state machine).
// consoleUrl links to the execution in the Step Functions console of its
// partition.
// description is Notice.Description; a notice without one is not refused
// but published with a plain one written from its kind and reference
// ("late notice for reference VAL-1"), so no failure goes unreported.
// extra holds Notice.Extra. truncated lists the fields cut to fit (below).
//
// # Message attributes and subject
//
// Each notice carries at most [MaxAttributes] SNS message attributes, for
// subscription filter policies. The candidates, by priority, are source,
// kind, version, reference, stateMachineArn, stateName, executionArn,
// functionName, retryCount (a Number), tokenFingerprint and
// lambdaRequestId; empty ones are skipped and, when more than ten have a
// value, the last ones are dropped. Each value is capped at 1,024 bytes (the
// full text is in the body). The subject is "<kind>: <description>" in
// printable ASCII on one line, under 100 characters, starting with a
// letter, a digit or a punctuation mark (leading symbols such as "<" or "$"
// are dropped).
//
// # Size
//
// SNS takes at most 262,144 bytes of body and attributes together
// ([MaxMessageBytes]). A notice that would be larger is cut, largest field
// first (kind, description, error, reference and each Extra value; never an
// ARN or id), on a UTF-8 boundary, ending with a marker such as
// " ...[cut by errnotify: 48213 bytes]", and the field is named in
// truncated ("extra.<key>" for an Extra value). A 300 KiB error text still
// publishes. Extra that cutting value by value cannot shrink enough, such as
// thousands of small values or a huge key, is left out whole and named
// "extra" in truncated, before any text would be emptied to make room.
//
// # FIFO topics
//
// For a topic whose ARN ends in ".fifo" each notice gets a MessageGroupId
// (the reference, else the execution ARN, else the source; a SHA-256 when
// that is not a valid id) and a MessageDeduplicationId (SHA-256 of kind,
// reference, execution ARN, token fingerprint, time, description and error
// text, before any cut).
//
// # Secrecy
//
// A task token is a bearer capability and never leaves in a notice. The
// notice carries tokenFingerprint ([sfnctx.TokenFingerprint]) instead, and
// any occurrence of Notice.Token or of the context object's token in any
// field, the error text or Extra (keys and values, at any depth) is replaced
// by its placeholder "[task token <fingerprint>]" ([sfnctx.TokenPlaceholder],
// the text every package of this module shows for a token) before the
// message is built. Extra values are encoded and decoded first, so a token
// in a struct field or behind JSON escapes in a json.RawMessage is found
// too; so are a token's JSON-escaped form inside a string and its base64
// form (a []byte holding it). The errors Notify and Report return and the
// optional Options.Logger never see a token either.
//
// # Limitations
//
// A context object that carries nothing but its token cannot show that a
// notice is about another execution, so such a notice takes that token's
// fingerprint unless it gives Notice.Token.
//
// A token is recognised only where it appears whole; a fragment of one (a
// token that some other code already cut short) is not.
//
// The size check counts the subject and the FIFO ids with the body and the
// attributes, so a notice may be cut a few hundred bytes earlier than SNS
// itself would require. An SQS subscriber without raw message delivery
// receives the body inside the SNS JSON envelope, which is larger; set
// Options.MaxBytes lower if a subscriber has a tighter limit than SNS.
package errnotify
