package lambdarun

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// Build compiles the main packages pkgs (import paths or ./relative paths,
// resolved in dir) into outDir (relative to the working directory, not to
// dir), one binary per package named after the package's last path
// element, and returns their absolute paths by that name. It runs a single
// `go build`, so the packages compile in parallel and share the build
// cache.
func Build(ctx context.Context, dir, outDir string, pkgs ...string) (map[string]string, error) {
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("lambdarun: build: no packages given")
	}
	// go build runs in dir: a relative outDir must not be read from there.
	outDir, err := filepath.Abs(outDir)
	if err != nil {
		return nil, fmt.Errorf("lambdarun: build: %w", err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("lambdarun: build: %w", err)
	}
	args := append([]string{"build", "-o", outDir + string(os.PathSeparator)}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	// The handlers run on the Lambda provided.al2023 runtime: no cgo.
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("lambdarun: go build %s: %w\n%s",
			strings.Join(pkgs, " "), err, stderr.String())
	}
	bins := make(map[string]string, len(pkgs))
	for _, p := range pkgs {
		name := path.Base(p)
		bins[name] = filepath.Join(outDir, name)
	}
	return bins, nil
}
