package tokenstoretest_test

import (
	"fmt"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore/tokenstoretest"
)

// The suite hands each store a Clock's Now method and moves the clock by
// hand to cross lease ends, deadlines and expiries without sleeping.
func ExampleClock() {
	clock := tokenstoretest.NewClock(time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC))
	now := clock.Now // what a store under test is given
	fmt.Println(now().Format(time.TimeOnly))
	clock.Advance(30 * time.Second)
	fmt.Println(now().Format(time.TimeOnly))
	// Output:
	// 09:30:00
	// 09:30:30
}
