package scenario

import (
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

// Defaults used where a [Config] field is zero.
const (
	// DefaultTimeout is the valuation task's TimeoutSeconds in a local run:
	// short, so the scenarios that time out finish in seconds.
	DefaultTimeout = 3 * time.Second
	// DefaultInstances is how many local processes serve each function, so
	// that scenarios running at the same time do not queue behind one.
	DefaultInstances = 2
)

// Config says where and how [Run] plays the scenarios.
type Config struct {
	// AWS is aimed at the engine: region, static credentials and
	// BaseEndpoint. Required.
	AWS aws.Config
	// Endpoint is the engine's base URL given to the handler processes.
	// Default: AWS.BaseEndpoint.
	Endpoint string
	// Dir is the example's directory, holding statemachine.asl.json and
	// the handlers under cmd/. Required.
	Dir string
	// BuildDir receives the built handlers. Default: Dir/.build.
	BuildDir string
	// Timeout is the valuation task's TimeoutSeconds, in whole seconds.
	// Default [DefaultTimeout].
	Timeout time.Duration
	// Instances is how many processes serve each function. Default
	// [DefaultInstances].
	Instances int
	// Scenarios are the scenarios to play. Default: [All].
	Scenarios []Scenario
	// Log receives progress lines. Default: discarded.
	Log io.Writer
	// HandlerOutput receives the handler processes' own output (their
	// log lines). It opens with a line saying that the error lines which
	// follow answer the readiness probe (lambdarun.WaitInvokable's empty
	// event) and are expected. Default: kept only to explain a failure.
	HandlerOutput io.Writer
	// Started, if set, is called with each handler process the run
	// starts, so a test can check that every one has exited when [Run]
	// returns.
	Started func(*lambdarun.Process)
}

func (c Config) withDefaults() Config {
	if c.Endpoint == "" {
		c.Endpoint = aws.ToString(c.AWS.BaseEndpoint)
	}
	c.Endpoint = strings.TrimRight(c.Endpoint, "/")
	if c.BuildDir == "" {
		c.BuildDir = filepath.Join(c.Dir, ".build")
	}
	if c.Timeout < time.Second {
		c.Timeout = DefaultTimeout
	}
	c.Timeout = c.Timeout.Truncate(time.Second)
	if c.Instances <= 0 {
		c.Instances = DefaultInstances
	}
	if c.Scenarios == nil {
		c.Scenarios = All()
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c
}

// lateDelay is how long the valuation service waits before a late
// callback: past the task's timeout, with room for a slow machine.
func (c Config) lateDelay() time.Duration { return c.Timeout + 1500*time.Millisecond }
