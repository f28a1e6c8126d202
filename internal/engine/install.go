package engine

import (
	"context"
	"io"

	"github.com/tasktoken/tasktoken/internal/gotool"
)

// Kumo is the pinned engine.
var Kumo = gotool.Tool{Package: "github.com/sivchari/kumo/cmd/kumo", Version: "v0.33.1"}

// Install makes sure the pinned kumo is built and returns its path. The
// first build takes minutes; while it runs, progress lines go to log.
func Install(ctx context.Context, log io.Writer) (string, error) {
	return gotool.Install(ctx, log, Kumo)
}
