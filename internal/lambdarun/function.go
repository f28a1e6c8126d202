package lambdarun

import (
	"archive/zip"
	"bytes"
	"fmt"
)

// placeholderBootstrap is the bootstrap of [PlaceholderZip]. It fails at
// once if some engine did run it.
const placeholderBootstrap = "#!/bin/sh\n" +
	"# Placeholder: locally the handler runs as a process under the engine's Runtime API.\n" +
	"exit 1\n"

// PlaceholderZip returns a deployment package for a function whose handler
// runs as a local process: the engine needs a zip to create the function
// but never runs it, so it holds a bootstrap script that only exits 1. A
// deployment uploads the built handler as bootstrap instead.
func PlaceholderZip() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, err := zw.Create("bootstrap")
	if err == nil {
		_, err = f.Write([]byte(placeholderBootstrap))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("lambdarun: placeholder zip: %w", err)
	}
	return buf.Bytes(), nil
}
