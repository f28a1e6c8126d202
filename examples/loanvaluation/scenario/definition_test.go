package scenario_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
)

const definitionFile = "../statemachine.asl.json"

func definitionValues() map[string]any {
	return map[string]any{
		scenario.PlaceholderRequestFunction: "arn:aws:lambda:us-east-1:000000000000:function:Req",
		scenario.PlaceholderNotifyFunction:  "arn:aws:lambda:us-east-1:000000000000:function:Notify",
		scenario.PlaceholderTimeoutSeconds:  3,
	}
}

// decode parses a definition and returns its States.
func decode(t *testing.T, def string) map[string]map[string]any {
	t.Helper()
	var doc struct {
		States map[string]map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(def), &doc))
	return doc.States
}

func payload(t *testing.T, state map[string]any) map[string]any {
	t.Helper()
	params, ok := state["Parameters"].(map[string]any)
	require.True(t, ok, "state has Parameters")
	p, ok := params["Payload"].(map[string]any)
	require.True(t, ok, "state has a Payload")
	return p
}

func TestDefinitionSubstitutesPlaceholders(t *testing.T) {
	def, err := scenario.Definition(definitionFile, definitionValues(), false)
	require.NoError(t, err)
	assert.NotContains(t, def, "${")

	states := decode(t, def)
	request := states["RequestValuation"]
	assert.Equal(t, float64(3), request["TimeoutSeconds"], "the timeout is a number")
	assert.Equal(t, "arn:aws:lambda:us-east-1:000000000000:function:Req",
		request["Parameters"].(map[string]any)["FunctionName"])
	// The deployed definition passes the whole context object.
	assert.Equal(t, "$$", payload(t, request)["ctx.$"])
	assert.Equal(t, "$$", payload(t, states["NotifyValuationTimedOut"])["ctx.$"])
}

func TestDefinitionForKumo(t *testing.T) {
	def, err := scenario.Definition(definitionFile, definitionValues(), true)
	require.NoError(t, err)
	states := decode(t, def)

	request := payload(t, states["RequestValuation"])
	assert.NotContains(t, request, "ctx.$")
	assert.Equal(t, map[string]any{"Task": map[string]any{"Token.$": "$$.Task.Token"}},
		request["ctx"])
	assert.Equal(t, "$", request["application.$"], "the rest is unchanged")

	for _, name := range []string{
		"NotifyValuationTimedOut", "NotifyValuationFailed", "NotifyValuationError",
	} {
		notify := payload(t, states[name])
		assert.NotContains(t, notify, "ctx.$", name)
		assert.NotContains(t, notify, "ctx", name)
		assert.Equal(t, "$.error", notify["error.$"], name)
	}
}

func TestDefinitionRefusesMissingValue(t *testing.T) {
	values := definitionValues()
	delete(values, scenario.PlaceholderNotifyFunction)
	_, err := scenario.Definition(definitionFile, values, false)
	require.ErrorContains(t, err, "${NotifyFailureFunctionArn}")
}

func TestDefinitionPlaceholderInsideString(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sm.json")
	require.NoError(t, os.WriteFile(path,
		[]byte(`{"Comment":"runs in ${Region}","States":{}}`), 0o600))

	def, err := scenario.Definition(path, map[string]any{"Region": "eu-west-2"}, false)
	require.NoError(t, err)
	assert.Contains(t, def, `"runs in eu-west-2"`)

	_, err = scenario.Definition(path, nil, false)
	require.ErrorContains(t, err, "${Region}")
}
