package scenario_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
)

// TestDocNamesEveryScenario keeps the package documentation's list of
// scenarios in step with [scenario.All].
func TestDocNamesEveryScenario(t *testing.T) {
	raw, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	// The comment as one line of words.
	doc := strings.Join(strings.Fields(strings.ReplaceAll(string(raw), "//", "")), " ")
	for _, s := range scenario.All() {
		assert.Contains(t, doc, strings.ReplaceAll(s.Name, "-", " "), s.Name)
	}
}
