package gotool_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/internal/gotool"
)

func TestModuleRoot(t *testing.T) {
	root, err := gotool.ModuleRoot()
	require.NoError(t, err)
	assert.FileExists(t, root+"/go.mod")
}

func TestBinDirIsInsideTheModule(t *testing.T) {
	root, err := gotool.ModuleRoot()
	require.NoError(t, err)
	bin, err := gotool.BinDir()
	require.NoError(t, err)
	assert.Equal(t, root+"/.bin", bin)
}

func ExampleTool_Name() {
	kumo := gotool.Tool{Package: "github.com/sivchari/kumo/cmd/kumo", Version: "v0.33.1"}
	fmt.Println(kumo.Name())
	// Output: kumo
}
