// Package loadrun measures redeeming task tokens by reference against the
// local engine (kumo) and checks that at-least-once delivery of callbacks
// still completes every task exactly once.
//
// [Run] creates a DynamoDB table ([tokenstore.CreateTable]), an SQS queue and
// a state machine whose only Task state is
// arn:aws:states:::sqs:sendMessage.waitForTaskToken, sending
// {"token": $$.Task.Token, "reference": $.reference} to the queue. It then:
//
//  1. starts [Options.Executions] executions, each with its own reference;
//  2. reads the tokens from the queue and saves each under its reference
//     with a [tokenstore.DynamoStore];
//  3. redeems every reference with [callback.Client.SucceedReference],
//     delivered [Options.Deliveries] times at once, as an at-least-once
//     channel may deliver a callback;
//  4. waits for every execution to end (DescribeExecution);
//  5. removes what it created, whatever happened before.
//
// It never sends a heartbeat: kumo v0.33.1 crashes on SendTaskHeartbeat for
// a state without HeartbeatSeconds. The whole run, clean-up aside, stops at
// [Options.Timeout].
//
// # What the report says
//
// The [Report] gives the wall time of each phase, the redeem throughput,
// the latency percentiles of a save and of a redeem (every delivery, the
// winning one, the refused ones), the AWS calls by operation, and the
// exactly-once verdict: for each reference exactly one delivery returned nil
// and the others [callback.ErrDuplicate] or [callback.ErrInFlight]; each
// execution SUCCEEDED with the output of the winning delivery; Step
// Functions accepted exactly one SendTaskSuccess per execution and no
// repeated send reached it. [Report.Violations] lists every breach.
//
// The figures depend on the machine and on whatever else the engine is
// doing; they are measurements, never limits a test asserts.
//
// # Running it
//
//	go run ./internal/cmd/bench -load
//
// runs it from the command line; see that command.
package loadrun
