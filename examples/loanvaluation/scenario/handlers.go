package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/smithy-go"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
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
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				fmt.Fprintf(cfg.Log, "  still building (%s; the first build takes longest)\n",
					time.Since(start).Round(time.Second))
			}
		}
	})
	bins, err := lambdarun.Build(ctx, cfg.Dir, cfg.BuildDir, handlerPackages...)
	close(done)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(cfg.Log, "built %d handlers in %s\n", len(bins),
		time.Since(start).Round(100*time.Millisecond))
	return bins, nil
}

// handlerOutput keeps the last bytes the handler processes wrote, to show
// when a run goes wrong, and copies everything to an optional writer.
type handlerOutput struct {
	mu   sync.Mutex
	tail []byte
	copy io.Writer
}

const handlerOutputKeep = 16 << 10

func (o *handlerOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.tail = append(o.tail, p...)
	if len(o.tail) > handlerOutputKeep {
		o.tail = o.tail[len(o.tail)-handlerOutputKeep:]
	}
	if o.copy != nil {
		_, _ = o.copy.Write(p)
	}
	return len(p), nil
}

// String returns the kept output.
func (o *handlerOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return string(o.tail)
}

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
		procs = append(procs, p)
	}
	return awaitPolling(ctx, cl.lambda, name, procs)
}

// awaitPolling waits until a process polls the engine for the function's
// invocations. The engine refuses an invocation (502) while no process has
// polled yet; once one has, it queues invocations for the processes. The
// probe is an empty event, which every handler of the example refuses
// without side effects.
func awaitPolling(ctx context.Context, client *lambda.Client, name string,
	procs []*lambdarun.Process) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	for {
		for _, p := range procs {
			select {
			case <-p.Exited():
				return fmt.Errorf("scenario: a process of %s exited at start", name)
			default:
			}
		}
		_, err := client.Invoke(ctx, &lambda.InvokeInput{
			FunctionName: &name, Payload: []byte("{}"),
		}, func(o *lambda.Options) { o.RetryMaxAttempts = 1 })
		if err == nil {
			return nil
		}
		if !noHandlerYet(err) {
			return fmt.Errorf("scenario: probe function %s: %w", name, err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("scenario: no process of %s polled the engine: %w", name, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// noHandlerYet reports whether err is the engine's answer to an invocation
// no process has polled for.
func noHandlerYet(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == "ServiceException"
}

// binary returns the path of a built handler.
func binary(bins map[string]string, pkg string) string { return bins[filepath.Base(pkg)] }
