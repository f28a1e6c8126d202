// Package lambdarun builds Go Lambda handlers and runs them as local
// processes under the Lambda Runtime API that the local engine (kumo) serves.
//
// A handler written with lambda.Start needs no change to run locally: it
// polls the Runtime API named by AWS_LAMBDA_RUNTIME_API, which kumo serves
// under /_runtime/<function name>. kumo hands each invocation of that
// function to whichever local process polls for it, with a request id, a
// deadline and the function ARN, so lambdacontext works as on AWS.
//
// # Use
//
// [Build] compiles the handlers' main packages into one folder; [Start]
// runs a built binary as the named function with the usual Lambda
// environment; [Process.Stop] ends it (SIGTERM, then SIGKILL after a grace
// period). Each process runs in its own process group so that a Ctrl-C in
// the terminal reaches the runner, which then stops its processes in order.
// On Linux each process also gets SIGTERM from the kernel when the runner
// dies, so a runner killed with SIGKILL, which it cannot catch, leaves no
// handler process behind.
//
// The engine still needs the function itself: create it with runtime
// provided.al2023 and [PlaceholderZip] as its code, which the engine keeps
// but never runs. The engine refuses invocations until a process has
// polled for them; [WaitInvokable] probes the function until one is
// answered. A [LogBuffer] collects the processes' output, safely while
// they write, to show when something goes wrong.
//
// # Limitations
//
// Other systems have no such parent-death signal: there a runner killed
// with SIGKILL leaves its processes polling the engine until they are
// ended by hand. On systems without process groups and SIGTERM (Windows)
// a process is killed at once rather than asked to stop, and a Ctrl-C
// reaches it as well as the runner.
package lambdarun
