package scenario_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
)

// statement is one IAM policy statement; Action and Resource may be a
// string or a list.
type statement struct {
	Sid      string
	Effect   string
	Action   any
	Resource any
}

func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			s, _ := e.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// TestPoliciesGrantOnlyWhatEachFunctionUses pins every policy to the
// actions its code calls, scoped to the resources it uses.
func TestPoliciesGrantOnlyWhatEachFunctionUses(t *testing.T) {
	want := map[string][]string{
		"requestvaluation.json": {"dynamodb:GetItem", "dynamodb:UpdateItem",
			"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
		"valuationcallback.json": {"dynamodb:GetItem", "dynamodb:UpdateItem",
			"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "sns:Publish",
			"states:SendTaskFailure", "states:SendTaskSuccess"},
		"notifyfailure.json": {"logs:CreateLogGroup", "logs:CreateLogStream",
			"logs:PutLogEvents", "sns:Publish"},
		"statemachine.json": {"lambda:InvokeFunction"},
	}
	files, err := filepath.Glob("../policies/*.json")
	require.NoError(t, err)
	require.Len(t, files, len(want))

	// A function ARN may carry ":*", any version or alias.
	placeholder := regexp.MustCompile(
		`^(arn:\$\{Partition\}:.*|\$\{\w+Arn\}|\$\{\w+FunctionArn\}:\*)$`)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			require.NoError(t, err)
			var policy struct {
				Version   string
				Statement []statement
			}
			require.NoError(t, json.Unmarshal(raw, &policy))
			assert.Equal(t, "2012-10-17", policy.Version)

			var actions []string
			for _, st := range policy.Statement {
				assert.Equal(t, "Allow", st.Effect, st.Sid)
				acts := strs(st.Action)
				for _, a := range acts {
					assert.NotContains(t, a, "*", "no wildcard action")
				}
				actions = append(actions, acts...)
				for _, res := range strs(st.Resource) {
					if res == "*" {
						// SendTask* take no resource-level permission: the
						// token itself is the capability.
						for _, a := range acts {
							assert.True(t, strings.HasPrefix(a, "states:SendTask"), a)
						}
						continue
					}
					assert.Regexp(t, placeholder, res, st.Sid)
				}
			}
			slices.Sort(actions)
			assert.Equal(t, want[filepath.Base(file)], actions)
		})
	}
}

// readPolicy returns the statements of the policy in file.
func readPolicy(t *testing.T, file string) []statement {
	t.Helper()
	raw, err := os.ReadFile(file)
	require.NoError(t, err)
	var policy struct{ Statement []statement }
	require.NoError(t, json.Unmarshal(raw, &policy))
	return policy.Statement
}

// TestFunctionsMayCreateTheirLogGroups: Lambda writes a function's logs
// to /aws/lambda/<name>, and the first invocation creates that group when
// it is missing, which needs logs:CreateLogGroup on it.
func TestFunctionsMayCreateTheirLogGroups(t *testing.T) {
	for _, f := range []string{"RequestValuation", "ValuationCallback", "NotifyFailure"} {
		t.Run(f, func(t *testing.T) {
			own := "arn:${Partition}:logs:${Region}:${AccountId}:log-group:/aws/lambda/${" +
				f + "FunctionName}:*"
			var granted []string
			for _, st := range readPolicy(t, "../policies/"+strings.ToLower(f)+".json") {
				if slices.Equal(strs(st.Resource), []string{own}) {
					granted = append(granted, strs(st.Action)...)
				}
			}
			assert.ElementsMatch(t, []string{"logs:CreateLogGroup", "logs:CreateLogStream",
				"logs:PutLogEvents"}, granted)
		})
	}
}

// TestStateMachineMayInvokeVersionsAndAliases: a Task naming a version or
// alias (function:Name:live) is invoked on the qualified ARN, which the
// unqualified one does not cover.
func TestStateMachineMayInvokeVersionsAndAliases(t *testing.T) {
	var resources []string
	for _, st := range readPolicy(t, "../policies/statemachine.json") {
		resources = append(resources, strs(st.Resource)...)
	}
	for _, f := range []string{scenario.PlaceholderRequestFunction,
		scenario.PlaceholderNotifyFunction} {
		assert.Contains(t, resources, "${"+f+"}", "the function")
		assert.Contains(t, resources, "${"+f+"}:*", "its versions and aliases")
	}
}
