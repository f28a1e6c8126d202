// Package callbacktest is a fake Step Functions task API for unit tests of
// code that completes tasks with package callback (or with a [*sfn.Client]
// directly).
//
// A [Fake] issues task tokens for simulated waiting tasks with a deadline
// and an optional heartbeat timeout, on a clock the test controls, and
// answers SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat the way
// Step Functions does:
//
//   - TaskTimedOut (as [*types.TaskTimedOut]) after the deadline, after a
//     missed heartbeat, or once the task is completed;
//   - TaskDoesNotExist for well-formed tokens it never issued;
//   - InvalidToken for malformed ones;
//   - InvalidOutput for output that is not JSON;
//   - smithy.InvalidParamsError, before any call is recorded, for a nil input
//     or a missing required parameter, as the SDK's own validation does.
//
// It records every call ([Fake.Calls]) and lets a test queue errors for the
// next calls ([Fake.InjectErrors], with [Throttling] and [ServiceFault]).
// It honours the Retryer set through the call's optFns the way the SDK's
// retry middleware does, so the retries of package callback run against it.
// No String method shows a token: calls print its fingerprint.
package callbacktest
