package mockservice_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Close must leave no callback goroutine behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
