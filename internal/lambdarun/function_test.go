package lambdarun_test

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

func TestPlaceholderZipHoldsAFailingBootstrap(t *testing.T) {
	zipped, err := lambdarun.PlaceholderZip()
	require.NoError(t, err)

	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	require.NoError(t, err)
	require.Len(t, zr.File, 1)
	assert.Equal(t, "bootstrap", zr.File[0].Name)
	f, err := zr.File[0].Open()
	require.NoError(t, err)
	defer f.Close()
	script, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(script, []byte("#!/bin/sh\n")))
	assert.True(t, bytes.HasSuffix(script, []byte("exit 1\n")), "it never passes for a handler")
}
