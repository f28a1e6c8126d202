package lambdarun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"time"
)

// DefaultStopGrace is how long [Process.Stop] waits after SIGTERM before it
// kills the process.
const DefaultStopGrace = 2 * time.Second

// Function describes one handler process to start.
type Function struct {
	// Name is the function's name in the engine. Required.
	Name string
	// Binary is the path of the built handler. Required.
	Binary string
	// Endpoint is the engine's base URL, for example http://127.0.0.1:4566.
	// Required.
	Endpoint string
	// Region is the AWS region the handler sees. Empty means us-east-1.
	Region string
	// Env holds the function's own configuration (table name, topic ARN
	// and so on), added after the Lambda variables.
	Env map[string]string
	// Output receives the process's stdout and stderr. Nil discards them.
	Output io.Writer
}

// Process is a handler running locally under the engine's Runtime API.
type Process struct {
	name   string
	cmd    *exec.Cmd
	exited chan struct{}
	err    error
}

// Start runs f.Binary as the function f.Name. The process polls the engine
// for invocations until [Process.Stop] is called or ctx ends.
func Start(ctx context.Context, f Function) (*Process, error) {
	if f.Name == "" || f.Binary == "" || f.Endpoint == "" {
		return nil, fmt.Errorf("lambdarun: start: Name, Binary and Endpoint are required")
	}
	env, err := Environment(f)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, f.Binary)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = f.Output, f.Output
	cmd.SysProcAttr = processAttr()
	cmd.Cancel = func() error { return terminate(cmd.Process) }
	cmd.WaitDelay = DefaultStopGrace
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("lambdarun: start %s: %w", f.Name, err)
	}
	p := &Process{name: f.Name, cmd: cmd, exited: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	return p, nil
}

// Name returns the function name the process serves.
func (p *Process) Name() string { return p.name }

// PID returns the operating system's id of the process.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Exited is closed when the process has ended.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// Stop ends the process: SIGTERM, then SIGKILL after [DefaultStopGrace]
// (on systems without SIGTERM, such as Windows, it kills the process at
// once).
// Stopping a process that already ended is not an error.
func (p *Process) Stop() error {
	select {
	case <-p.exited:
		return nil
	default:
	}
	if err := terminate(p.cmd.Process); err != nil &&
		!errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("lambdarun: stop %s: %w", p.name, err)
	}
	select {
	case <-p.exited:
	case <-time.After(DefaultStopGrace):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	return nil
}

// RuntimeAPI returns the value of AWS_LAMBDA_RUNTIME_API that points a
// handler at the engine's Runtime API for function: the engine's host and
// port followed by /_runtime/<function>.
func RuntimeAPI(endpoint, function string) (string, error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("lambdarun: endpoint %q is not a base URL", endpoint)
	}
	return u.Host + "/_runtime/" + url.PathEscape(function), nil
}

// Environment returns the environment a handler process gets: the runner's
// PATH and HOME, the variables Lambda sets for a function (runtime API,
// function name, memory, version, region, log names), static credentials
// and AWS_ENDPOINT_URL aimed at the engine, then f.Env in name order.
func Environment(f Function) ([]string, error) {
	api, err := RuntimeAPI(f.Endpoint, f.Name)
	if err != nil {
		return nil, err
	}
	region := f.Region
	if region == "" {
		region = "us-east-1"
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"AWS_LAMBDA_RUNTIME_API=" + api,
		"AWS_LAMBDA_FUNCTION_NAME=" + f.Name,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + f.Name,
		"AWS_LAMBDA_LOG_STREAM_NAME=local",
		"AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023",
		"AWS_REGION=" + region,
		"AWS_DEFAULT_REGION=" + region,
		"AWS_ACCESS_KEY_ID=test",
		"AWS_SECRET_ACCESS_KEY=test",
		"AWS_ENDPOINT_URL=" + f.Endpoint,
		"_HANDLER=bootstrap",
	}
	names := make([]string, 0, len(f.Env))
	for k := range f.Env {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		env = append(env, k+"="+f.Env[k])
	}
	return env, nil
}
