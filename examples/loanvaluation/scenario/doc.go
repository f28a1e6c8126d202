// Package scenario plays the loan-valuation example's scenarios end to end
// against the local engine. `go run ./examples/loanvaluation` and the
// integration test both call [Run].
//
// # What a run does
//
// [Run] compiles the example's three Lambda handlers into a git-ignored
// folder and runs each as local processes under the engine's Lambda Runtime
// API. It creates, under names carrying a random suffix, the DynamoDB token
// table, the SNS error topic with an SQS queue subscribed to watch the
// notices, the three functions and the state machine from
// statemachine.asl.json ([Definition], adapted with [AdaptForKumo]). It
// starts the mock valuation service on a random local port, plays every
// [Scenario] at once, and returns one [Result] each: the execution's status
// and error, the webhook's answers and the notices received. Everything it
// created or started is removed or stopped before it returns, also when its
// context is cancelled.
//
// # Scenarios
//
// [All] lists the nine: a normal valuation, no callback (timeout), a late
// callback, the same callback redelivered, a duplicate callback with
// another valuation, a failed valuation, an oversized valuation (too large
// to be the task's output), a forged callback followed by the genuine one,
// and a callback naming an unknown reference. Each names a property whose
// house name or number makes the mock service behave that way, and the
// [Outcome] it must lead to. [Result.OK] compares the two; [Results.Write]
// prints the table the command shows.
package scenario
