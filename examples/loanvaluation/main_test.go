package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deployedState is what the tests read of the printed RequestValuation
// state.
type deployedState struct {
	TimeoutSeconds any
	Parameters     struct {
		FunctionName string
		Payload      map[string]any
	}
}

func TestPrintDefinitionWritesTheTimeoutAsANumber(t *testing.T) {
	const request = "arn:aws:lambda:eu-west-2:123456789012:function:RequestValuation"
	tests := []struct {
		name         string
		args         []string
		wantFunction string
	}{
		{"placeholders left", nil, "${RequestValuationFunctionArn}"},
		{"ARN given", []string{"-request-function-arn", request}, request},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"-print-definition", "-timeout", "72h"}, tt.args...)
			require.Equal(t, 0, run(args, &stdout, &stderr), stderr.String())

			var def struct{ States map[string]deployedState }
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &def))
			state := def.States["RequestValuation"]
			// A number, not the text "259200" a text substitution leaves.
			assert.Equal(t, float64(72*3600), state.TimeoutSeconds)
			assert.Equal(t, float64(72*3600), state.Parameters.Payload["timeoutSeconds"])
			assert.Equal(t, tt.wantFunction, state.Parameters.FunctionName)
			assert.Equal(t, "$$", state.Parameters.Payload["ctx.$"], "not adapted for kumo")
			assert.Contains(t, stdout.String(), "${NotifyFailureFunctionArn}")
			assert.NotContains(t, stdout.String(), "${ValuationTimeoutSeconds}")
		})
	}
}

func TestPrintDefinitionRefusesTheLocalTimeout(t *testing.T) {
	tests := map[string][]string{
		"no -timeout":      {"-print-definition"},
		"under one second": {"-print-definition", "-timeout", "500ms"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 2, run(args, &stdout, &stderr))
			assert.Empty(t, stdout.String())
			assert.Contains(t, stderr.String(), "-timeout")
		})
	}
}

func TestBadFlagExitsTwo(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run([]string{"-no-such-flag"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "no-such-flag")
}
