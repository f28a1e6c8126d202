package tokenstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// TestCreateTableRefusesBadArguments checks CreateTable returns an error,
// instead of panicking, without a context, a client or a table name, and
// makes no table
// keyed on an attribute the store writes.
func TestCreateTableRefusesBadArguments(t *testing.T) {
	fake, client := newFakeDynamo(t, answerWrites)
	var nilCtx context.Context
	for name, call := range map[string]func() error{
		"nil context": func() error { return tokenstore.CreateTable(nilCtx, client, "tokens") },
		"nil client":  func() error { return tokenstore.CreateTable(t.Context(), nil, "tokens") },
		"key attribute token": func() error {
			return tokenstore.CreateTable(t.Context(), client, "tokens",
				func(o *tokenstore.Options) { o.KeyAttribute = "token" })
		},
	} {
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		assert.ErrorContains(t, err, "tokenstore: create table tokens: ", name)
	}
	assert.EqualError(t, tokenstore.CreateTable(t.Context(), client, ""),
		"tokenstore: create table: empty table name")
	assert.Empty(t, fake.ops(), "a refused table was created")
}
