package loadrun_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/tasktoken/tasktoken/internal/enginetest"
	"github.com/tasktoken/tasktoken/internal/loadrun"
)

// A run of 50 executions, each callback delivered three times at once,
// against the engine at its usual address. It needs a running engine, so
// it is compiled but not run by go test.
func ExampleRun() {
	cfg := enginetest.ConfigFor("http://127.0.0.1:4566")
	rep, err := loadrun.Run(context.Background(), cfg, func(o *loadrun.Options) {
		o.Executions, o.Deliveries = 50, 3
		o.Timeout = time.Minute
	})
	if err != nil {
		fmt.Println("run stopped:", err)
	}
	if rep != nil {
		_ = rep.WriteText(os.Stdout)
		if len(rep.Violations) > 0 {
			os.Exit(1)
		}
	}
}
