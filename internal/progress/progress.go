// Package progress writes "still working" lines while a long step runs, so
// that a first build of several minutes never looks like a hang.
package progress

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Every writes a line to log each interval until the returned stop function
// is called: line is given the time since Every was called and returns the
// text to write. stop waits until no more line can be written, so the
// caller may write to log right after it.
func Every(log io.Writer, interval time.Duration, line func(elapsed time.Duration) string) (
	stop func(),
) {
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				fmt.Fprintln(log, line(time.Since(start).Round(time.Second)))
			}
		}
	})
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
		})
	}
}
