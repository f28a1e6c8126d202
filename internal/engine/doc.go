// Package engine installs, starts and stops the local engine the tests and
// the loan-valuation example run against: kumo, a Go emulator of DynamoDB,
// SNS, SQS, Lambda and Step Functions.
//
// kumo is installed with the Go toolchain at a pinned version into a
// git-ignored folder of the module (.bin, see package gotool), so a fresh machine
// needs nothing but Go. It must listen on 127.0.0.1:4566, because its Step
// Functions integrations call http://localhost:4566.
package engine
