package progress_test

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"

	"github.com/tasktoken/tasktoken/internal/progress"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestEveryWritesUntilStopped(t *testing.T) {
	defer goleak.VerifyNone(t)
	var log lockedBuffer
	stop := progress.Every(&log, time.Millisecond, func(time.Duration) string {
		return "still building"
	})
	assert.Eventually(t, func() bool {
		return strings.Count(log.String(), "still building\n") >= 2
	}, 10*time.Second, time.Millisecond)
	stop()
	stop() // a second stop is harmless
	after := log.String()
	time.Sleep(10 * time.Millisecond)
	assert.Equal(t, after, log.String(), "a line was written after stop")
}

func ExampleEvery() {
	stop := progress.Every(os.Stdout, time.Hour, func(elapsed time.Duration) string {
		return "still building (" + elapsed.String() + ")"
	})
	stop() // the step ended before the first line was due
	// Output:
}
