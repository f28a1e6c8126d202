// Package enginetest connects integration tests to the local engine (kumo)
// that the project's test command starts.
//
// Integration tests call [Config] first. When the engine endpoint is not set
// in the environment they are skipped with one line saying how to run them,
// so a plain `go test ./...` runs the unit tests only.
//
// # A kumo fault to stay clear of
//
// kumo v0.33.1 crashes (a nil timer in its callback task) when it receives
// SendTaskHeartbeat for a task whose state has no HeartbeatSeconds. AWS
// accepts such a heartbeat. Tests that send heartbeats on the engine give
// the waiting state a HeartbeatSeconds.
package enginetest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// EnvEndpoint names the environment variable holding the engine's base URL,
// for example http://127.0.0.1:4566. The test command sets it.
const EnvEndpoint = "TASKTOKEN_ENDPOINT"

// Region is the region integration tests use against the engine.
const Region = "us-east-1"

// Endpoint returns the engine's base URL, or skips tb when none is set.
func Endpoint(tb testing.TB) string {
	tb.Helper()
	ep := strings.TrimRight(os.Getenv(EnvEndpoint), "/")
	if ep == "" {
		tb.Skip("integration test: run `go run ./internal/cmd/testall` " +
			"(or set " + EnvEndpoint + " to a running kumo) to include it")
	}
	return ep
}

// Config returns an AWS configuration aimed at the engine, with static fake
// credentials, or skips tb when no engine endpoint is set. It fails tb at
// once when the engine does not answer, so that an engine that died in an
// earlier test is reported as such rather than as a string of timeouts.
func Config(tb testing.TB) aws.Config {
	tb.Helper()
	ep := Endpoint(tb)
	if err := Healthy(ep); err != nil {
		tb.Fatalf("enginetest: the engine at %s does not answer (%v); "+
			"an earlier test may have crashed it: see its log", ep, err)
	}
	return ConfigFor(ep)
}

// Healthy reports whether the engine at endpoint answers its health page.
func Healthy(endpoint string) error {
	client := http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get(endpoint + "/health")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health page answered %s", resp.Status)
	}
	return nil
}

// ConfigFor returns an AWS configuration aimed at the engine at endpoint.
func ConfigFor(endpoint string) aws.Config {
	return aws.Config{
		Region:       Region,
		BaseEndpoint: aws.String(endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
	}
}

// Name returns prefix followed by a random suffix, so that tests running at
// the same time against one engine never share a table, topic or machine.
func Name(prefix string) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return prefix + "-" + hex.EncodeToString(b[:])
}
