package sfnctx

import (
	"context"
	"encoding/json"
	"time"
)

// Context is the Step Functions context object ($$ in JSONPath states,
// $states.context in JSONata states). Every field is optional: Step
// Functions adds fields over time and some engines send only Task.Token.
type Context struct {
	Execution    Execution    `json:"Execution"`
	State        State        `json:"State"`
	StateMachine StateMachine `json:"StateMachine"`
	Task         Task         `json:"Task"`
}

// Execution describes the running execution.
type Execution struct {
	ID           string          `json:"Id"`
	Name         string          `json:"Name"`
	Input        json.RawMessage `json:"Input,omitempty"`
	RoleArn      string          `json:"RoleArn"`
	StartTime    time.Time       `json:"StartTime"`
	RedriveCount int             `json:"RedriveCount"`
	RedriveTime  time.Time       `json:"RedriveTime"`
}

// State describes the state that is running.
type State struct {
	Name        string    `json:"Name"`
	EnteredTime time.Time `json:"EnteredTime"`
	RetryCount  int       `json:"RetryCount"`
}

// StateMachine names the state machine.
type StateMachine struct {
	ID   string `json:"Id"`
	Name string `json:"Name"`
}

// Task holds the task token of a .waitForTaskToken state. The token is a
// secret: never log it; use [TokenFingerprint] instead.
type Task struct {
	Token string `json:"Token"`
}

type contextKey struct{}

// NewContext returns a copy of parent carrying c. A nil parent stands for
// context.Background().
func NewContext(parent context.Context, c *Context) context.Context {
	if parent == nil {
		parent = context.Background()
	}
	return context.WithValue(parent, contextKey{}, c)
}

// FromContext returns the context object carried by ctx, if any. A nil ctx
// carries none.
func FromContext(ctx context.Context) (*Context, bool) {
	if ctx == nil {
		return nil, false
	}
	c, ok := ctx.Value(contextKey{}).(*Context)
	return c, ok && c != nil
}
