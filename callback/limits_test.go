package callback_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/sfnctx"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// TestCheckTokenIsTheStoreRule checks the client and the store apply one
// token rule: every token is refused by both or by neither, with the same
// reason, so a token a store saved is never refused when the callback
// comes, and the client's refusal keeps its own kind and fingerprint.
func TestCheckTokenIsTheStoreRule(t *testing.T) {
	good := "AQCEAAAAKgAAAAMAAAAAAAAAAbR5Qm9+kX2/ZHJvcC1zZWNyZXQ="
	tokens := []string{
		good, "", strings.Repeat("A", callback.MaxTokenBytes+1), good + "\n", " " + good,
		`"` + good + `"`, "'" + good + "'", "AQB4%2Btok%3D", "$$.Task.Token",
		"{% $states.context.Task.Token %}", "AQBé", "AQB4\xc3", "AQB4\x7ftok",
	}
	for _, token := range tokens {
		clientErr := callback.CheckToken(token)
		storeErr := tokenstore.CheckToken(token)
		if storeErr == nil {
			assert.NoError(t, clientErr, "%q", token)
			continue
		}
		require.ErrorIs(t, clientErr, callback.ErrInvalidToken, "%q", token)
		var ce *callback.Error
		require.ErrorAs(t, clientErr, &ce)
		var se *tokenstore.Error
		require.True(t, errors.As(storeErr, &se))
		assert.Equal(t, se.Detail, ce.Detail, "%q", token)
		assert.Equal(t, sfnctx.TokenFingerprint(token), ce.TokenFingerprint)
		assert.NotErrorIs(t, clientErr, tokenstore.ErrInvalidInput,
			"the client's refusal is its own kind")
	}
	assert.Equal(t, tokenstore.MaxTokenBytes, callback.MaxTokenBytes)
}
