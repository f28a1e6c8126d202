package lambdarun_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tasktoken/tasktoken/internal/lambdarun"
)

func TestLogBufferKeepsTheTail(t *testing.T) {
	tests := []struct {
		name   string
		keep   int
		writes []string
		want   string
	}{
		{"zero keeps everything", 0, []string{"abc", "def"}, "abcdef"},
		{"under the limit", 10, []string{"abc", "def"}, "abcdef"},
		{"over the limit", 4, []string{"abc", "def"}, "cdef"},
		{"one write over the limit", 2, []string{"abcdef"}, "ef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var copied bytes.Buffer
			b := &lambdarun.LogBuffer{Keep: tt.keep, Copy: &copied}
			for _, w := range tt.writes {
				n, err := b.Write([]byte(w))
				assert.NoError(t, err)
				assert.Equal(t, len(w), n)
			}
			assert.Equal(t, tt.want, b.String())
			assert.Equal(t, strings.Join(tt.writes, ""), copied.String(),
				"the copy gets everything")
		})
	}
}

// TestLogBufferConcurrentWrites is meant for -race: processes write while
// the caller reads.
func TestLogBufferConcurrentWrites(t *testing.T) {
	var b lambdarun.LogBuffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 100 {
				_, _ = fmt.Fprintf(&b, "%d.%d\n", i, j)
				_ = b.String()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 800, strings.Count(b.String(), "\n"))
}
