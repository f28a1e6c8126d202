package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"pkg: github.com/tasktoken/tasktoken/callback", true},
		{"ok  \tgithub.com/tasktoken/tasktoken/callback\t22.6s", true},
		{"FAIL\tgithub.com/tasktoken/tasktoken/callback/lambdawrap [build failed]", true},
		{"--- FAIL: BenchmarkRedeem", true},
		{"    bench_test.go:42: 3 sends, want 1", true},
		{"BenchmarkSave/memstore-2   \t  500000\t  2430 ns/op", false},
		{"goos: linux", false},
		{"PASS", false},
	} {
		assert.Equal(t, tc.want, progressLine(tc.line), tc.line)
	}
}

func TestCopyReportingKeepsEveryLine(t *testing.T) {
	in := "goos: linux\nBenchmarkX-2 \t 10\t 5 ns/op\nok  \tpkg\t1s\n"
	var file strings.Builder
	require.NoError(t, copyReporting(&file, strings.NewReader(in)))
	assert.Equal(t, in, file.String())
}

func TestWithoutVar(t *testing.T) {
	env := []string{"A=1", "TASKTOKEN_ENDPOINT=http://x", "TASKTOKEN_ENDPOINTS=2"}
	assert.Equal(t, []string{"A=1", "TASKTOKEN_ENDPOINTS=2"},
		withoutVar(env, "TASKTOKEN_ENDPOINT"))
}

func TestOutputPath(t *testing.T) {
	root := t.TempDir()
	got, err := outputPath(root, "")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(root, ".bin", "bench"), filepath.Dir(got))
	assert.DirExists(t, filepath.Dir(got))
	assert.True(t, strings.HasSuffix(got, "Z.txt"), got)

	got, err = outputPath(root, "run.txt")
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(got))
	assert.Equal(t, "run.txt", filepath.Base(got))
}
