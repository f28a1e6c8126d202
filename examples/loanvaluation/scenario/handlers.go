package scenario

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
	"github.com/tasktoken/tasktoken/internal/progress"
)

// The handlers' main packages, relative to the example's directory.
var handlerPackages = []string{
	"./cmd/requestvaluation", "./cmd/valuationcallback", "./cmd/notifyfailure",
}

// buildHandlers compiles the handlers, printing a progress line every few
// seconds while the build runs (the first one compiles the AWS SDK).
func buildHandlers(ctx context.Context, cfg Config) (map[string]string, error) {
	fmt.Fprintf(cfg.Log, "building the Lambda handlers into %s\n", cfg.BuildDir)
	start := time.Now()
	stop := progress.Every(cfg.Log, 5*time.Second, func(elapsed time.Duration) string {
		return fmt.Sprintf("  still building (%s; the first build takes longest)", elapsed)
	})
	bins, err := lambdarun.Build(ctx, cfg.Dir, cfg.BuildDir, handlerPackages...)
	stop()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(cfg.Log, "built %d handlers in %s\n", len(bins),
		time.Since(start).Round(100*time.Millisecond))
	return bins, nil
}

// handlerOutputKeep is how much of the handler processes' last output a
// run keeps, to show when it goes wrong.
const handlerOutputKeep = 16 << 10

// startHandler runs instances processes of the handler binary as function
// name and waits until the engine hands them invocations.
func startHandler(ctx context.Context, cfg Config, cl clients, name, binary string,
	env map[string]string, out io.Writer, undo *cleanup) error {
	var procs []*lambdarun.Process
	for range cfg.Instances {
		p, err := lambdarun.Start(ctx, lambdarun.Function{
			Name: name, Binary: binary, Endpoint: cfg.Endpoint, Region: cfg.AWS.Region,
			Env: env, Output: out,
		})
		if err != nil {
			return err
		}
		undo.push(func(context.Context) error { return p.Stop() })
		if cfg.Started != nil {
			cfg.Started(p)
		}
		procs = append(procs, p)
	}
	// The probe is an empty event, which every handler of the example
	// refuses without side effects.
	if _, err := lambdarun.WaitInvokable(ctx, cl.lambda, name, procs...); err != nil {
		return fmt.Errorf("scenario: start %s: %w", name, err)
	}
	return nil
}

// binary returns the path of a built handler.
func binary(bins map[string]string, pkg string) string { return bins[filepath.Base(pkg)] }
