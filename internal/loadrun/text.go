package loadrun

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// maxViolationLines caps the violations WriteText lists one by one.
const maxViolationLines = 20

// WriteText writes the report for a person: the phases, the throughput,
// the latency table, the deliveries' answers, the AWS calls and the
// exactly-once verdict.
func (rep *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "load run: %d executions, each callback delivered %d times at once, "+
		"%d references at a time\n", rep.Executions, rep.Deliveries, rep.Concurrency)
	fmt.Fprintf(&b, "phases: set up %s, start %s, save %s, redeem %s, verify %s\n",
		round(rep.SetUpTime), round(rep.StartTime), round(rep.SaveTime),
		round(rep.RedeemTime), round(rep.VerifyTime))
	fmt.Fprintf(&b, "redeem throughput: %.1f deliveries/s, %.1f references/s\n\n",
		rep.DeliveriesPerSecond(), rep.ReferencesPerSecond())
	rep.writeLatencies(&b)
	rep.writeAnswers(&b)
	writeCalls(&b, rep.Calls, rep.RedeemCalls)
	rep.writeVerdict(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (rep *Report) writeLatencies(b *strings.Builder) {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "latency\tcount\tp50\tp90\tp99\tmax")
	for _, row := range []struct {
		name string
		l    Latency
	}{
		{"save", rep.Save},
		{"redeem, every delivery", rep.Redeem},
		{"redeem, the winner", rep.RedeemWinner},
		{"redeem, refused", rep.RedeemRefused},
	} {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", row.name, row.l.Count,
			ms(row.l.P50), ms(row.l.P90), ms(row.l.P99), ms(row.l.Max))
	}
	tw.Flush()
	b.WriteString("\n")
}

func (rep *Report) writeAnswers(b *strings.Builder) {
	var won, dup, inFlight, other, succeeded, fromWinner int
	for _, res := range rep.References {
		won, dup, inFlight = won+res.Succeeded, dup+res.Duplicate, inFlight+res.InFlight
		other += len(res.Other)
		if res.Status == "SUCCEEDED" {
			succeeded++
		}
		if res.OutputFromWinner {
			fromWinner++
		}
	}
	fmt.Fprintf(b, "deliveries: %d returned nil, %d ErrDuplicate, %d ErrInFlight, %d other\n",
		won, dup, inFlight, other)
	fmt.Fprintf(b, "executions: %d of %d SUCCEEDED, %d with the winning delivery's output\n\n",
		succeeded, len(rep.References), fromWinner)
}

func writeCalls(b *strings.Builder, all, redeem map[string]Calls) {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "AWS calls\twhole run\tredeem phase\tfailed calls (whole run)")
	for _, op := range sortedOps(all) {
		c, rc := all[op], redeem[op]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", op, c.Calls, rc.Calls, failures(c))
	}
	tw.Flush()
	b.WriteString("\n")
}

// failures describes the failed calls and the retries of c.
func failures(c Calls) string {
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(c.Errors)) {
		name := code
		if name == "" {
			name = "no AWS code"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, c.Errors[code]))
	}
	if retries := c.Attempts - c.Calls; retries > 0 {
		parts = append(parts, fmt.Sprintf("%d retries", retries))
	}
	return strings.Join(parts, ", ")
}

func (rep *Report) writeVerdict(b *strings.Builder) {
	switch {
	case !rep.Complete:
		fmt.Fprintf(b, "exactly-once: NOT SHOWN, the run stopped early (%d findings, "+
			"some only because of the stop)\n", len(rep.Violations))
	case len(rep.Violations) == 0:
		b.WriteString("exactly-once: OK\n")
		return
	default:
		fmt.Fprintf(b, "exactly-once: VIOLATED (%d)\n", len(rep.Violations))
	}
	for i, v := range rep.Violations {
		if i == maxViolationLines {
			fmt.Fprintf(b, "  ... and %d more\n", len(rep.Violations)-i)
			break
		}
		fmt.Fprintf(b, "  %s\n", v)
	}
}

func round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

// ms prints d in milliseconds with one decimal.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}
