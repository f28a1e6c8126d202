package lambdarun

import (
	"io"
	"sync"
)

// LogBuffer collects what handler processes write, to show when a run or
// a test goes wrong. Give it as [Function.Output]: the processes write to
// it from their own goroutines while the caller reads it, so it is safe
// for concurrent use. The zero value keeps everything. Set its fields
// before the first Write.
type LogBuffer struct {
	// Keep is how many of the last bytes written are kept; older bytes are
	// dropped. Zero keeps everything.
	Keep int
	// Copy, if set, also receives everything written, as it is written.
	// Its errors are ignored: the copy never stops the processes.
	Copy io.Writer

	mu  sync.Mutex
	buf []byte
}

// Write keeps p (or its tail, past Keep) and copies it to Copy. It never
// fails.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if b.Keep > 0 && len(b.buf) > b.Keep {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.Keep:]...)
	}
	if b.Copy != nil {
		_, _ = b.Copy.Write(p)
	}
	return len(p), nil
}

// String returns the bytes kept.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
