package lambdarun_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

func TestRuntimeAPI(t *testing.T) {
	tests := []struct {
		name, endpoint, function, want string
		wantErr                        bool
	}{
		{"engine", "http://127.0.0.1:4566", "RequestValuation-ab12",
			"127.0.0.1:4566/_runtime/RequestValuation-ab12", false},
		{"trailing slash", "http://localhost:4566/", "f", "localhost:4566/_runtime/f", false},
		{"no scheme", "127.0.0.1:4566", "f", "", true},
		{"empty", "", "f", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lambdarun.RuntimeAPI(tt.endpoint, tt.function)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestEnvironment(t *testing.T) {
	env, err := lambdarun.Environment(lambdarun.Function{
		Name:     "ValuationCallback-1",
		Binary:   "/bin/true",
		Endpoint: "http://127.0.0.1:4566",
		Env:      map[string]string{"TOKEN_TABLE": "tokens", "ERROR_TOPIC_ARN": "arn:x"},
	})
	require.NoError(t, err)

	assert.Contains(t, env, "AWS_LAMBDA_RUNTIME_API=127.0.0.1:4566/_runtime/ValuationCallback-1")
	assert.Contains(t, env, "AWS_LAMBDA_FUNCTION_NAME=ValuationCallback-1")
	assert.Contains(t, env, "AWS_ENDPOINT_URL=http://127.0.0.1:4566")
	assert.Contains(t, env, "AWS_REGION=us-east-1")
	// The function's own variables come last, in name order.
	assert.Equal(t, []string{"ERROR_TOPIC_ARN=arn:x", "TOKEN_TABLE=tokens"}, env[len(env)-2:])
}

func TestStartRefusesIncompleteFunction(t *testing.T) {
	_, err := lambdarun.Start(context.Background(), lambdarun.Function{Name: "f"})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "lambdarun: start:"))
}

func TestStartAndStop(t *testing.T) {
	// A script that sleeps stands in for a handler: Stop must end it long
	// before it would end by itself.
	p := startScript(t, "sleeper", "exec sleep 600")
	select {
	case <-p.Exited():
		t.Fatal("process ended before Stop")
	case <-time.After(100 * time.Millisecond):
	}
	require.NoError(t, p.Stop())
	select {
	case <-p.Exited():
	default:
		t.Fatal("process still running after Stop")
	}
	require.NoError(t, p.Stop(), "a second Stop is harmless")
}

func TestBuildResolvesOutDirFromTheWorkingDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a handler")
	}
	// The package is resolved in dir; the output folder is not.
	testdata, err := filepath.Abs("testdata")
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "bin")
	t.Chdir(filepath.Dir(out))
	bins, err := lambdarun.Build(context.Background(), testdata, "bin", "./echo")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(out, "echo"), bins["echo"])
	_, err = os.Stat(bins["echo"])
	require.NoError(t, err)
}

// startScript starts a shell script as the handler of function name, on
// an endpoint nobody serves: a stand-in for a handler process.
func startScript(t *testing.T, name, script string) *lambdarun.Process {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\n"+script+"\n"), 0o755))
	p, err := lambdarun.Start(context.Background(), lambdarun.Function{
		Name: name, Binary: bin, Endpoint: "http://127.0.0.1:1",
	})
	require.NoError(t, err)
	return p
}
