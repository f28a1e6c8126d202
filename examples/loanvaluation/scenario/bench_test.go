package scenario_test

import (
	"context"
	"testing"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
	"github.com/tasktoken/tasktoken/internal/enginetest"
)

// BenchmarkRun measures a whole run on the engine: build (cached after the
// first), set-up, every scenario at once, and clean-up. The time is
// dominated by the 3 s task timeout and the late callback 1.5 s after it.
func BenchmarkRun(b *testing.B) {
	cfg := enginetest.Config(b)
	buildDir := b.TempDir()
	for b.Loop() {
		results, err := scenario.Run(context.Background(), scenario.Config{
			AWS: cfg, Dir: "..", BuildDir: buildDir,
		})
		if err != nil {
			b.Fatal(err)
		}
		if failed := results.Failed(); len(failed) > 0 {
			b.Fatalf("%d scenarios misbehaved, first %s", len(failed), failed[0].Scenario.Name)
		}
	}
}
