package engine

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The pinned engine. Change both together.
const (
	KumoPackage = "github.com/sivchari/kumo/cmd/kumo"
	KumoVersion = "v0.33.1"
)

// ModuleRoot returns the directory holding this module's go.mod.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("engine: find module root: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("engine: find module root: not inside the tasktoken module")
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

// Install makes sure the pinned kumo is built and returns its path. The
// first build takes minutes; while it runs a progress line is written to
// log every 15 seconds.
func Install(ctx context.Context, log io.Writer) (string, error) {
	bin, err := BinDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(bin, "kumo@"+KumoVersion)
	path := filepath.Join(dir, "kumo")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	fmt.Fprintf(log, "engine: installing kumo %s with the Go toolchain into %s "+
		"(the first build takes a few minutes)\n", KumoVersion, dir)
	if err := goInstall(ctx, dir, log); err != nil {
		return "", err
	}
	return path, nil
}

// goInstall runs `go install` for the pinned kumo into dir, reporting
// progress until it ends.
func goInstall(ctx context.Context, dir string, log io.Writer) error {
	cmd := exec.CommandContext(ctx, "go", "install", KumoPackage+"@"+KumoVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=-buildvcs=false")
	var output strings.Builder
	cmd.Stdout, cmd.Stderr = &output, &output

	done := make(chan struct{})
	defer close(done)
	go reportProgress(log, done, time.Now())

	if err := cmd.Run(); err != nil {
		return fmt.Errorf("engine: install kumo %s: %w\n%s", KumoVersion, err, output.String())
	}
	fmt.Fprintf(log, "engine: kumo %s installed\n", KumoVersion)
	return nil
}

func reportProgress(log io.Writer, done <-chan struct{}, start time.Time) {
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			fmt.Fprintf(log, "engine: still building kumo (%s)\n",
				time.Since(start).Round(time.Second))
		}
	}
}
