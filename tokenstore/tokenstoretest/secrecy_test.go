package tokenstoretest_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/sfnctx"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
	"github.com/tasktoken/tasktoken/tokenstore/tokenstoretest"
)

// leakyRunEnv names the file a run of the suite against a broken store
// writes the tokens it saw to; set, it makes TestFailingRunShowsNoToken
// that run.
const leakyRunEnv = "TOKENSTORETEST_TOKENS_FILE"

// TestFailingRunShowsNoToken runs the suite, in a child process, against a
// store whose Get hands back a different token, so that many of its
// checks fail, and checks the child's output — what a user's CI would log
// — shows none of the tokens the store saw, only their placeholders.
func TestFailingRunShowsNoToken(t *testing.T) {
	if file := os.Getenv(leakyRunEnv); file != "" {
		runAgainstBrokenStore(t, file)
		return
	}
	tokensFile := filepath.Join(t.TempDir(), "tokens")
	child := exec.CommandContext(t.Context(), os.Args[0],
		"-test.run=^TestFailingRunShowsNoToken$", "-test.v", "-test.count=1")
	child.Env = append(os.Environ(), leakyRunEnv+"="+tokensFile)
	out, err := child.CombinedOutput()
	require.Error(t, err, "the suite passed a store that changes tokens")
	output := string(out) // never printed here: it would show tokens if the suite leaked
	assert.True(t, strings.Contains(output, "tokens differ: want [task token "),
		"no failure compares tokens")
	assert.True(t, strings.Contains(output, "records differ in Token: want [task token "),
		"no failure compares records")

	seen, err := os.ReadFile(tokensFile)
	require.NoError(t, err)
	tokens := strings.Fields(string(seen))
	require.NotEmpty(t, tokens)
	for _, token := range tokens {
		if strings.Contains(output, token) {
			t.Errorf("the failing run shows the token %s", sfnctx.TokenPlaceholder(token))
		}
	}
}

// runAgainstBrokenStore runs the suite against brokenStore, writing every
// token saved to file. Its failures are the point: only the parent test
// judges them.
func runAgainstBrokenStore(t *testing.T, file string) {
	seen := &tokenLog{}
	t.Cleanup(func() {
		require.NoError(t, os.WriteFile(file, []byte(seen.text()), 0o600))
	})
	tokenstoretest.Run(t, func(t *testing.T, clock func() time.Time) tokenstore.Store {
		store := memstore.New(func(o *memstore.Options) { o.Clock = clock })
		return brokenStore{Store: store, seen: seen}
	})
}

// brokenStore is a memstore whose Get returns every record with another
// token, and which notes each token it is asked to save.
type brokenStore struct {
	tokenstore.Store
	seen *tokenLog
}

func (s brokenStore) Save(ctx context.Context, rec tokenstore.Record) (*tokenstore.Record, error) {
	s.seen.add(rec.Token)
	return s.Store.Save(ctx, rec)
}

func (s brokenStore) Get(ctx context.Context, reference string) (*tokenstore.Record, error) {
	rec, err := s.Store.Get(ctx, reference)
	if rec != nil {
		rec.Token += "-changed"
	}
	return rec, err
}

// tokenLog collects tokens from concurrent saves.
type tokenLog struct {
	mu     sync.Mutex
	tokens []string
}

func (l *tokenLog) add(token string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	// Only the suite's tokens that a store keeps: an invalid one may be
	// short or hold spaces, and its pieces show in test names.
	if len(token) >= 16 && tokenstore.CheckToken(token) == nil {
		l.tokens = append(l.tokens, token)
	}
}

func (l *tokenLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.tokens, "\n")
}
