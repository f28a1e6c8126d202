// Package scenario plays the loan-valuation workflow's failure scenarios
// end to end against the local engine: it builds the Lambda handlers, runs
// them as local processes, creates the token table, the error topic, the
// functions and the state machine, drives the mock valuation service, and
// reports what each scenario did. `go run ./examples/loanvaluation` and the
// integration test both call [Run].
package scenario
