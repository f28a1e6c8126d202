package sfnctx_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tasktoken/tasktoken/sfnctx"
)

func TestTokenPlaceholder(t *testing.T) {
	token := "AQCEAAAAKgAAAAMAAAAAAAAAAfake-token"
	got := sfnctx.TokenPlaceholder(token)
	assert.Equal(t, "[task token "+sfnctx.TokenFingerprint(token)+"]", got)
	assert.NotContains(t, got, token)
}

func ExampleTokenPlaceholder() {
	fmt.Println(sfnctx.TokenPlaceholder("AQCEAAAAKgAAAAMAAAAAAAAAAfake-token"))
	// Output: [task token ee56df18c12cc612]
}
