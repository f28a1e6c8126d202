package scenario

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tasktoken/tasktoken/errnotify"
)

// Result is what one scenario did.
type Result struct {
	Scenario Scenario
	// ApplicationID names the application (and the execution).
	ApplicationID string
	// ExecutionARN is the execution played.
	ExecutionARN string
	// Got is what the scenario led to.
	Got Outcome
	// Notices are the notices received for the application, as published.
	Notices []errnotify.Envelope
	// Problem says what went wrong when the scenario could not be played
	// to the end (for example the execution never finished).
	Problem string
}

// OK reports whether the scenario behaved as expected.
func (r Result) OK() bool { return r.Problem == "" && r.Got.equal(r.Scenario.Want) }

// Results are the results of a run, in scenario order.
type Results []Result

// Failed returns the results that did not behave as expected.
func (rs Results) Failed() Results {
	var failed Results
	for _, r := range rs {
		if !r.OK() {
			failed = append(failed, r)
		}
	}
	return failed
}

// Write prints one row per scenario, then a line per unexpected outcome
// saying what was expected.
func (rs Results) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SCENARIO\tEXECUTION\tERROR\tCALLBACK GOT\tNOTICES\tRESULT")
	for _, r := range rs {
		mark := "ok"
		if !r.OK() {
			mark = "UNEXPECTED"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Scenario.Name, dash(r.Got.Status),
			dash(r.Got.Error), list(r.Got.Callbacks), list(r.Got.Notices), mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range rs.Failed() {
		fmt.Fprintf(w, "\n%s: expected %s", r.Scenario.Name, describe(r.Scenario.Want))
		if r.Problem != "" {
			fmt.Fprintf(w, "\n  problem: %s", r.Problem)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func describe(o Outcome) string {
	return fmt.Sprintf("%s %s, callback got %s, notices %s",
		o.Status, dash(o.Error), list(o.Callbacks), list(o.Notices))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func list(items []string) string {
	if len(items) == 0 {
		return "-"
	}
	return strings.Join(items, ", ")
}

// WriteNotices prints every notice received, scenario by scenario, as the
// indented JSON a subscriber of the error topic gets.
func (rs Results) WriteNotices(w io.Writer) error {
	for _, r := range rs {
		for _, n := range r.Notices {
			b, err := json.MarshalIndent(n, "", "  ")
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(w, "notice for %s (%s):\n%s\n", r.Scenario.Name, n.Kind, b)
			if err != nil {
				return err
			}
		}
	}
	return nil
}
