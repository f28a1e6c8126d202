// Package tasktoken is the root of an SDK that makes AWS Step Functions
// task-token callbacks safe: every token is completed at most once, every
// way a callback can fail gets a typed error and a useful notification, and
// nothing waits forever.
//
// The work is split across these packages:
//
//   - [github.com/tasktoken/tasktoken/tokenstore] keeps one DynamoDB record
//     per business reference holding the task token, with a conditional
//     save and an exactly-once redeem (claim with a lease, complete,
//     release). Its memstore subpackage is an in-memory twin for tests.
//   - [github.com/tasktoken/tasktoken/callback] sends SendTaskSuccess,
//     SendTaskFailure and SendTaskHeartbeat by token or by reference, with
//     typed errors such as ErrLate and ErrDuplicate, checks before any
//     network call, retries, a heartbeater and Lambda middleware.
//   - [github.com/tasktoken/tasktoken/errnotify] publishes failure notices
//     to SNS in a {source, description, ...} envelope.
//   - [github.com/tasktoken/tasktoken/sfnctx] gives typed access to the
//     Step Functions context object and the Lambda context.
//
// The examples/loanvaluation directory holds a loan-valuation workflow that
// plays every failure mode end to end on a local engine.
package tasktoken
