package engine

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStartRefusesHeldPort(t *testing.T) {
	// Hold the port ourselves unless something (a running kumo) already does.
	if l, err := net.Listen("tcp", Address); err == nil {
		t.Cleanup(func() { l.Close() })
	}
	e, err := Start(context.Background(), Options{})
	require.ErrorIs(t, err, ErrPortInUse)
	assert.Nil(t, e)
	assert.Contains(t, err.Error(), "TASKTOKEN_ENDPOINT")
}

func TestWithoutVar(t *testing.T) {
	env := []string{"A=1", "KUMO_DATA_DIR=/x", "KUMO_DATA_DIR_EXTRA=2"}
	assert.Equal(t, []string{"A=1", "KUMO_DATA_DIR_EXTRA=2"}, withoutVar(env, "KUMO_DATA_DIR"))
}
