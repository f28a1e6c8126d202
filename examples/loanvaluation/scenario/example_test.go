package scenario_test

import (
	"fmt"
	"os"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/scenario"
)

func ExampleAll() {
	for _, s := range scenario.All() {
		fmt.Printf("%-17s %s\n", s.Name, s.Property)
	}
	// Output:
	// normal            12
	// no-callback       Silent Lodge
	// late              Tardy Barn
	// redelivered       Echo Cottage
	// duplicate         Twin Gables
	// failed            Subsidence Villa
	// oversized         Sprawling Manor
	// forged            Counterfeit Court
	// unknown-reference Phantom Hall
}

func ExampleResults_Write() {
	all := scenario.All()
	results := scenario.Results{
		{Scenario: all[0], Got: all[0].Want},
		{Scenario: all[4], Got: scenario.Outcome{Status: "SUCCEEDED",
			Callbacks: []string{"200 succeeded", "200 succeeded"}}},
	}
	_ = results.Write(os.Stdout)
	// Output:
	// SCENARIO   EXECUTION  ERROR  CALLBACK GOT                  NOTICES  RESULT
	// normal     SUCCEEDED  -      200 succeeded                 -        ok
	// duplicate  SUCCEEDED  -      200 succeeded, 200 succeeded  -        UNEXPECTED
	//
	// duplicate: expected SUCCEEDED -, callback got 200 succeeded, 409 duplicate, notices duplicate
}
