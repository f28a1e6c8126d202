package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Placeholders in statemachine.asl.json, substituted by [Definition].
const (
	PlaceholderRequestFunction = "RequestValuationFunctionArn"
	PlaceholderNotifyFunction  = "NotifyFailureFunctionArn"
	PlaceholderTimeoutSeconds  = "ValuationTimeoutSeconds"
)

// wholePlaceholder matches a string value that is one placeholder and
// nothing else; such a value takes the JSON type of its substitute.
var wholePlaceholder = regexp.MustCompile(`^\$\{(\w+)\}$`)

// anyPlaceholder matches a placeholder inside a longer string.
var anyPlaceholder = regexp.MustCompile(`\$\{(\w+)\}`)

// Definition reads the state machine definition at path and substitutes
// its placeholders with values. A string value that is exactly "${Name}"
// becomes values[Name] with its own JSON type, so "${ValuationTimeoutSeconds}"
// becomes a number; a placeholder inside a longer string is replaced by the
// value's text. A placeholder without a value is an error.
//
// With forKumo set it also applies [AdaptForKumo].
func Definition(path string, values map[string]any, forKumo bool) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("scenario: read definition: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return "", fmt.Errorf("scenario: parse definition %s: %w", path, err)
	}
	out, err := substitute(doc, values)
	if err != nil {
		return "", fmt.Errorf("scenario: definition %s: %w", path, err)
	}
	doc = out.(map[string]any)
	if forKumo {
		AdaptForKumo(doc)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", fmt.Errorf("scenario: encode definition: %w", err)
	}
	return string(b), nil
}

// substitute returns v with every placeholder replaced.
func substitute(v any, values map[string]any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			s, err := substitute(e, values)
			if err != nil {
				return nil, err
			}
			v[k] = s
		}
		return v, nil
	case []any:
		for i, e := range v {
			s, err := substitute(e, values)
			if err != nil {
				return nil, err
			}
			v[i] = s
		}
		return v, nil
	case string:
		return substituteString(v, values)
	default:
		return v, nil
	}
}

func substituteString(s string, values map[string]any) (any, error) {
	if m := wholePlaceholder.FindStringSubmatch(s); m != nil {
		val, ok := values[m[1]]
		if !ok {
			return nil, fmt.Errorf("no value for placeholder ${%s}", m[1])
		}
		return val, nil
	}
	var missing string
	out := anyPlaceholder.ReplaceAllStringFunc(s, func(p string) string {
		name := p[2 : len(p)-1]
		val, ok := values[name]
		if !ok {
			missing = name
			return p
		}
		return fmt.Sprint(val)
	})
	if missing != "" {
		return nil, fmt.Errorf("no value for placeholder ${%s}", missing)
	}
	return out, nil
}

// AdaptForKumo makes the deployed definition run on kumo v0.33.1, whose
// context object holds only Task.Token and only in .waitForTaskToken
// states (any other $$ path fails the state). It changes exactly one
// thing: each "ctx.$": "$$" in a Task's Payload becomes
// "ctx": {"Task": {"Token.$": "$$.Task.Token"}} in .waitForTaskToken
// states and is dropped in the others. Handlers decode "ctx" the same way
// in both cases; locally they just see fewer fields.
func AdaptForKumo(doc map[string]any) {
	states, _ := doc["States"].(map[string]any)
	for _, s := range states {
		state, _ := s.(map[string]any)
		params, _ := state["Parameters"].(map[string]any)
		payload, _ := params["Payload"].(map[string]any)
		if payload == nil || payload["ctx.$"] != "$$" {
			continue
		}
		delete(payload, "ctx.$")
		resource, _ := state["Resource"].(string)
		if strings.HasSuffix(resource, ".waitForTaskToken") {
			payload["ctx"] = map[string]any{"Task": map[string]any{"Token.$": "$$.Task.Token"}}
		}
	}
}
