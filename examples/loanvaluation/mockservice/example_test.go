package mockservice_test

import (
	"fmt"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/mockservice"
	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

func ExampleBehaviourFor() {
	for _, name := range []string{"12", "Rose Cottage", "Tardy Barn", "echo cottage", "Twin Gables"} {
		b := mockservice.BehaviourFor(valuation.Property{NameOrNumber: name})
		fmt.Printf("%s: %s\n", name, b)
	}
	// Output:
	// 12: normal
	// Rose Cottage: normal
	// Tardy Barn: late
	// echo cottage: redelivered
	// Twin Gables: duplicate
}
