package errnotify

import (
	"context"
	"strings"
	"time"

	"github.com/tasktoken/tasktoken/sfnctx"
)

// SchemaVersion is the version of the [Envelope] schema. It changes when a
// field changes meaning or goes away; new fields do not change it.
const SchemaVersion = "1"

// Envelope is the JSON body of a published notice. Subscribers may decode it
// with encoding/json. Empty fields are left out, except source, description,
// version and time.
type Envelope struct {
	// Source is the Lambda function ARN from the context, else the state
	// machine ARN, else Options.Source.
	Source      string `json:"source"`
	Description string `json:"description"`
	Version     string `json:"version"`

	Kind             string    `json:"kind,omitempty"`
	Error            string    `json:"error,omitempty"`
	Reference        string    `json:"reference,omitempty"`
	ExecutionARN     string    `json:"executionArn,omitempty"`
	StateMachineARN  string    `json:"stateMachineArn,omitempty"`
	StateName        string    `json:"stateName,omitempty"`
	RetryCount       int       `json:"retryCount,omitempty"`
	RequestID        string    `json:"lambdaRequestId,omitempty"`
	FunctionName     string    `json:"functionName,omitempty"`
	LogGroup         string    `json:"logGroup,omitempty"`
	LogStream        string    `json:"logStream,omitempty"`
	ConsoleURL       string    `json:"consoleUrl,omitempty"`
	TokenFingerprint string    `json:"tokenFingerprint,omitempty"`
	Time             time.Time `json:"time"`

	// Truncated names the fields that were cut to keep the message within
	// the SNS size limit; each cut field ends with a visible marker. An
	// Extra value is named "extra.<key>"; "extra" means Extra was left out
	// whole.
	Truncated []string `json:"truncated,omitempty"`
	// Extra holds Notice.Extra.
	Extra map[string]any `json:"extra,omitempty"`
}

// envelope builds the envelope of notice, filling what it leaves empty from
// ctx (from its context object only when the notice is about that
// execution). It also returns the task tokens the notice must not reveal.
func (n *Notifier) envelope(ctx context.Context, notice Notice) (Envelope, []string) {
	env := Envelope{
		Description:     description(notice),
		Version:         SchemaVersion,
		Kind:            notice.Kind,
		Reference:       notice.Reference,
		ExecutionARN:    notice.ExecutionARN,
		StateMachineARN: notice.StateMachineARN,
		StateName:       notice.StateName,
		RetryCount:      notice.RetryCount,
		Time:            notice.Time,
		Extra:           notice.Extra,
	}
	if notice.Err != nil {
		env.Error = notice.Err.Error()
	}
	if y := env.Time.Year(); env.Time.IsZero() || y < 1 || y > 9999 {
		env.Time = n.opts.Now() // JSON cannot hold years outside 1..9999
	}
	env.Time = env.Time.UTC()

	token := notice.Token
	var start time.Time
	if c, ok := sfnctx.FromContext(ctx); ok && sameExecution(notice, c) {
		fillFromStepFunctions(&env, c)
		token = first(token, c.Task.Token)
		start = c.Execution.StartTime
	}
	env.TokenFingerprint = sfnctx.TokenFingerprint(token)
	fillFromLambda(ctx, &env)
	fillFromExecution(&env, start)
	env.Source = first(env.Source, env.StateMachineARN, n.opts.Source)
	return env, secrets(ctx, notice)
}

// fillFromExecution derives from the execution ARN the console link and,
// when no one gave it, the state machine ARN.
func fillFromExecution(env *Envelope, start time.Time) {
	x, err := sfnctx.ParseExecutionARN(env.ExecutionARN)
	if err != nil {
		return
	}
	env.ConsoleURL, _ = x.ConsoleURL(start)
	if env.StateMachineARN == "" {
		env.StateMachineARN = x.StateMachine().String()
	}
}

// sameExecution reports whether notice may be about the execution of the
// context object c: nothing the notice names (execution ARN, execution
// name, state machine) differs from what c knows. A notice that names
// nothing, or a context object that knows nothing but its token (kumo
// passes only Task.Token), shows no difference. The facts of c, its token
// included, describe no other execution.
func sameExecution(notice Notice, c *sfnctx.Context) bool {
	if differ(notice.ExecutionARN, c.Execution.ID) {
		return false
	}
	machine := machineKey(c.StateMachine.ID)
	if machine == "" {
		if x, err := sfnctx.ParseExecutionARN(c.Execution.ID); err == nil {
			machine = x.StateMachine().String()
		}
	}
	if x, err := sfnctx.ParseExecutionARN(notice.ExecutionARN); err == nil &&
		(differ(x.Name, c.Execution.Name) || differ(x.StateMachine().String(), machine)) {
		return false
	}
	return !differ(machineKey(notice.StateMachineARN), machine)
}

// machineKey returns the state machine ARN s without a version or alias
// qualifier and without a Distributed Map run label, so that the ARNs of
// one state machine compare equal; "" when s is not one.
func machineKey(s string) string {
	m, err := sfnctx.ParseStateMachineARN(s)
	if err != nil {
		return ""
	}
	m.Name, _, _ = strings.Cut(m.Name, "/")
	m.Qualifier = ""
	return m.String()
}

// differ reports whether a and b are both known and not equal.
func differ(a, b string) bool { return a != "" && b != "" && a != b }

// fillFromStepFunctions fills the Step Functions facts the notice left
// empty from the context object.
func fillFromStepFunctions(env *Envelope, c *sfnctx.Context) {
	env.ExecutionARN = first(env.ExecutionARN, c.Execution.ID)
	env.StateMachineARN = first(env.StateMachineARN, c.StateMachine.ID)
	if env.StateName == "" {
		env.StateName = c.State.Name
	}
	if env.RetryCount == 0 {
		env.RetryCount = c.State.RetryCount
	}
}

// fillFromLambda fills the source and the Lambda facts from ctx.
func fillFromLambda(ctx context.Context, env *Envelope) {
	l, _ := sfnctx.LambdaFromContext(ctx)
	env.Source = l.FunctionARN
	env.RequestID = l.RequestID
	env.FunctionName = l.FunctionName
	env.LogGroup = l.LogGroup
	env.LogStream = l.LogStream
}

func first(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
