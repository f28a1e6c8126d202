package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
)

// printDefinition writes the state machine definition to deploy:
// statemachine.asl.json with TimeoutSeconds (in the state and in the
// Lambda's payload) set to o.timeout as a JSON number, and the function
// ARNs from the flags or, when not given, their "${…}" placeholders left
// for the deployment tool, which can fill text. The definition is the
// deployed one: the local adaptations for kumo are not applied.
func printDefinition(w io.Writer, o options) error {
	if !o.timeoutSet {
		return errors.New("-print-definition needs -timeout, the valuation's real " +
			"wait (say -timeout 72h): the 3s default is for local runs")
	}
	seconds := int(o.timeout / time.Second)
	if seconds < 1 {
		return fmt.Errorf("-timeout %s is under one second", o.timeout)
	}
	dir, err := exampleDir()
	if err != nil {
		return err
	}
	def, err := scenario.Definition(filepath.Join(dir, "statemachine.asl.json"), map[string]any{
		scenario.PlaceholderRequestFunction: arnOrPlaceholder(o.requestARN,
			scenario.PlaceholderRequestFunction),
		scenario.PlaceholderNotifyFunction: arnOrPlaceholder(o.notifyARN,
			scenario.PlaceholderNotifyFunction),
		scenario.PlaceholderTimeoutSeconds: seconds,
	}, false)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, def)
	return err
}

// arnOrPlaceholder returns arn, or the placeholder name stands for when
// arn is empty.
func arnOrPlaceholder(arn, name string) string {
	if arn == "" {
		return "${" + name + "}"
	}
	return arn
}
