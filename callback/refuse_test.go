package callback_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// TestRefuseOutputReferenceNotifiesOnce checks that an oversized success
// fails the task with the fallback failure and one invalid_output notice,
// and that a redelivery of it is a replay: nothing sent, nothing notified.
func TestRefuseOutputReferenceNotifiesOnce(t *testing.T) {
	env := newRefEnv(t)
	token := env.save(t, decisionRef, time.Hour)
	big := json.RawMessage(`"` + strings.Repeat("x", callback.MaxOutputBytes) + `"`)

	err := env.client.RefuseOutputReference(context.Background(), decisionRef, big, "Refused")
	require.ErrorIs(t, err, callback.ErrInvalidOutput)
	err = env.client.RefuseOutputReference(context.Background(), decisionRef, big, "Refused")
	require.ErrorIs(t, err, callback.ErrDuplicate)
	var ce *callback.Error
	require.ErrorAs(t, err, &ce)
	assert.True(t, ce.Replayed)

	task, _ := env.fake.Task(token)
	assert.Equal(t, callbacktest.StatusFailed, task.Status)
	assert.Equal(t, "Refused", task.Error)
	assert.Contains(t, task.Cause, callback.OutputHash(big))
	assert.Len(t, env.fake.Calls(), 1)
	assert.Equal(t, tokenstore.StatusFailed, env.status(t, decisionRef))
	notices := env.notifier.Notices()
	require.Len(t, notices, 1)
	assert.Equal(t, "invalid_output", notices[0].Kind)
}

// TestRefuseOutputReferenceTakesOnlyRefusedOutput checks that an output
// Step Functions would take is not refused: nothing is sent.
func TestRefuseOutputReferenceTakesOnlyRefusedOutput(t *testing.T) {
	env := newRefEnv(t)
	env.save(t, decisionRef, time.Hour)
	err := env.client.RefuseOutputReference(context.Background(), decisionRef,
		json.RawMessage(`{"v":1}`), "Refused")
	require.ErrorIs(t, err, callback.ErrInvalidInput)
	assert.Empty(t, env.fake.Calls())
}
