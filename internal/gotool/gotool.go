// Package gotool installs the tools the project runs (the local engine,
// benchstat) with the Go toolchain, at pinned versions, into the module's
// git-ignored .bin folder, so that a fresh machine needs nothing but Go.
package gotool

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/tasktoken/tasktoken/internal/progress"
)

// Tool is a Go command to install at a pinned version.
type Tool struct {
	// Package is the command's import path, e.g.
	// github.com/sivchari/kumo/cmd/kumo.
	Package string
	// Version is the pinned module version.
	Version string
}

// Name is the command's binary name: the last element of its package path.
func (t Tool) Name() string { return filepath.Base(t.Package) }

// ModuleRoot returns the directory holding this module's go.mod.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("gotool: find module root: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("gotool: find module root: not inside the tasktoken module")
	}
	return filepath.Dir(gomod), nil
}

// BinDir returns the folder the project installs its tools into.
func BinDir() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, ".bin"), nil
}

// Install makes sure t is built and returns its path,
// .bin/<name>@<version>/<name>, so that another version found in .bin is
// never taken for the pinned one. While a build runs, a progress line goes
// to log every 15 seconds.
func Install(ctx context.Context, log io.Writer, t Tool) (string, error) {
	bin, err := BinDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(bin, t.Name()+"@"+t.Version)
	path := filepath.Join(dir, t.Name())
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	fmt.Fprintf(log, "installing %s %s with the Go toolchain into %s "+
		"(the first build can take a few minutes)\n", t.Name(), t.Version, dir)
	if err := goInstall(ctx, log, t, dir); err != nil {
		return "", err
	}
	fmt.Fprintf(log, "%s %s installed\n", t.Name(), t.Version)
	return path, nil
}

// goInstall runs `go install` for t into dir.
func goInstall(ctx context.Context, log io.Writer, t Tool, dir string) error {
	cmd := exec.CommandContext(ctx, "go", "install", t.Package+"@"+t.Version)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=-buildvcs=false")
	var output strings.Builder
	cmd.Stdout, cmd.Stderr = &output, &output
	stop := progress.Every(log, 15*time.Second, func(elapsed time.Duration) string {
		return fmt.Sprintf("still building %s (%s)", t.Name(), elapsed)
	})
	err := cmd.Run()
	stop()
	if err != nil {
		return fmt.Errorf("gotool: install %s@%s: %w\n%s", t.Package, t.Version, err, output.String())
	}
	return nil
}
