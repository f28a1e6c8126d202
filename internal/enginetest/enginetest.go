// Package enginetest connects integration tests to the local engine (kumo)
// that the project's test command starts.
//
// Integration tests call [Config] first. When the engine endpoint is not set
// in the environment they are skipped with one line saying how to run them,
// so a plain `go test ./...` runs the unit tests only.
package enginetest

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

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
// credentials, or skips tb when no engine endpoint is set.
func Config(tb testing.TB) aws.Config {
	tb.Helper()
	return ConfigFor(Endpoint(tb))
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
