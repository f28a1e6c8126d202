package main

import (
	"github.com/tasktoken/tasktoken/internal/gotool"
)

// benchstat is the pinned benchstat, installed by [gotool.Install] into
// .bin/benchstat@<version>/benchstat on first use.
var benchstat = gotool.Tool{
	Package: "golang.org/x/perf/cmd/benchstat",
	Version: "v0.0.0-20260908200009-22c9c6c9d4da",
}
