package loadrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/tasktoken/tasktoken/callback"
)

// Report is what a run measured and found.
type Report struct {
	// Executions, Deliveries and Concurrency repeat the run's options.
	Executions, Deliveries, Concurrency int

	// SetUpTime, StartTime, SaveTime, RedeemTime and VerifyTime are the
	// wall times of the phases: creating the resources, starting the
	// executions, reading and saving the tokens, redeeming every reference,
	// and waiting for every execution to end.
	SetUpTime, StartTime, SaveTime, RedeemTime, VerifyTime time.Duration

	// Save is the latency of tokenstore.DynamoStore.Save.
	Save Latency
	// Redeem is the latency of every callback.Client.SucceedReference
	// delivery; RedeemWinner of those that returned nil (claim, send,
	// complete) and RedeemRefused of the others.
	Redeem, RedeemWinner, RedeemRefused Latency

	// References holds what happened to each reference, in order.
	References []ReferenceResult

	// Calls counts the AWS calls of the whole run by operation
	// ("SFN.SendTaskSuccess"); RedeemCalls those of the redeem phase.
	Calls, RedeemCalls map[string]Calls

	// Complete reports whether every phase ran to its end. A run cut short
	// (the deadline passed, a call failed) lists as violations the
	// references it did not get to, besides any real breach.
	Complete bool

	// Violations lists every breach of exactly-once found; empty when
	// every reference was redeemed exactly once.
	Violations []string
}

// ReferenceResult is what happened to one reference.
type ReferenceResult struct {
	// Reference and ExecutionARN name the waiting execution.
	Reference, ExecutionARN string
	// Succeeded, Duplicate and InFlight count the deliveries that returned
	// nil, callback.ErrDuplicate and callback.ErrInFlight.
	Succeeded, Duplicate, InFlight int
	// Other holds the messages of the deliveries that returned any other
	// error.
	Other []string
	// Winner is the delivery that returned nil (the last, if several did),
	// or -1.
	Winner int
	// Status is the execution's status from DescribeExecution.
	Status sfntypes.ExecutionStatus
	// OutputFromWinner reports whether the execution's output is the one
	// the winning delivery sent.
	OutputFromWinner bool
}

// DeliveriesPerSecond is the redeem throughput: deliveries answered per
// second of the redeem phase.
func (rep *Report) DeliveriesPerSecond() float64 {
	return perSecond(rep.Redeem.Count, rep.RedeemTime)
}

// ReferencesPerSecond is how many references were redeemed per second of
// the redeem phase.
func (rep *Report) ReferencesPerSecond() float64 {
	return perSecond(rep.RedeemWinner.Count, rep.RedeemTime)
}

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// judge fills in the report from what the run recorded.
func (r *run) judge(rep *Report) {
	var save, all, winners, refused []time.Duration
	for _, ref := range r.refs {
		if ref.saveTime > 0 {
			save = append(save, ref.saveTime)
		}
		for _, d := range ref.deliveries {
			all = append(all, d.latency)
			if d.err == nil {
				winners = append(winners, d.latency)
			} else {
				refused = append(refused, d.latency)
			}
		}
		rep.References = append(rep.References, ref.result())
	}
	rep.Save, rep.Redeem = Summarize(save), Summarize(all)
	rep.RedeemWinner, rep.RedeemRefused = Summarize(winners), Summarize(refused)
	rep.Violations = violations(rep)
}

// result sums up the reference's deliveries and execution.
func (ref *reference) result() ReferenceResult {
	res := ReferenceResult{Reference: ref.name, ExecutionARN: ref.executionARN,
		Winner: -1, Status: ref.status}
	for i, d := range ref.deliveries {
		switch {
		case d.err == nil:
			res.Succeeded++
			res.Winner = i
		case errors.Is(d.err, callback.ErrDuplicate):
			res.Duplicate++
		case errors.Is(d.err, callback.ErrInFlight):
			res.InFlight++
		default:
			res.Other = append(res.Other, fmt.Sprintf("delivery %d: %v", i, d.err))
		}
	}
	var out Output
	if res.Winner >= 0 && json.Unmarshal([]byte(ref.output), &out) == nil {
		res.OutputFromWinner = out == Output{Reference: ref.name, Delivery: res.Winner}
	}
	return res
}

// violations lists the breaches of exactly-once in rep: per reference,
// exactly one delivery returned nil and the others a duplicate or in-flight
// refusal, and the execution SUCCEEDED with the winner's output; overall,
// Step Functions accepted exactly one success per execution and no
// duplicate reached it.
func violations(rep *Report) []string {
	var v []string
	for _, res := range rep.References {
		v = append(v, res.violations()...)
	}
	send := rep.RedeemCalls["SFN.SendTaskSuccess"]
	if ok := send.OK(); ok != rep.Executions {
		v = append(v, fmt.Sprintf("Step Functions accepted %d successes, want %d", ok,
			rep.Executions))
	}
	if late := send.Errors["TaskTimedOut"]; late > 0 {
		v = append(v, fmt.Sprintf("%d repeated sends reached Step Functions (TaskTimedOut), "+
			"want 0: the store should have answered them", late))
	}
	return v
}

// violations lists what is wrong with one reference.
func (res ReferenceResult) violations() []string {
	var v []string
	if res.Succeeded != 1 {
		v = append(v, fmt.Sprintf("%s: %d deliveries returned nil, want 1",
			res.Reference, res.Succeeded))
	}
	for _, other := range res.Other {
		v = append(v, res.Reference+": "+other+", want ErrDuplicate or ErrInFlight")
	}
	if res.Status != sfntypes.ExecutionStatusSucceeded {
		v = append(v, fmt.Sprintf("%s: execution %s, want SUCCEEDED", res.Reference,
			statusOrUnknown(res.Status)))
	} else if res.Succeeded == 1 && !res.OutputFromWinner {
		v = append(v, res.Reference+": the execution's output is not the winning delivery's")
	}
	return v
}

func statusOrUnknown(s sfntypes.ExecutionStatus) string {
	if s == "" {
		return "status unknown"
	}
	return string(s)
}
