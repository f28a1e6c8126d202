package main

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// maxTimeoutSeconds is the largest TimeoutSeconds Step Functions accepts.
const maxTimeoutSeconds = 99_999_999

// timeoutSeconds is the waiting state's TimeoutSeconds as the Payload
// passes it: a JSON number, or the same number as text ("3600"), which is
// what a deployment tool leaves when it fills the definition's
// "${ValuationTimeoutSeconds}" placeholder by text substitution. Absent or
// null is zero: no deadline is recorded.
type timeoutSeconds int

// UnmarshalJSON accepts a whole number of seconds, from 0 to
// [maxTimeoutSeconds], as a number or as text.
func (s *timeoutSeconds) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var n json.Number
	err := json.Unmarshal(b, &n)
	v := 0
	if err == nil {
		v, err = strconv.Atoi(n.String())
	}
	if err != nil || v < 0 || v > maxTimeoutSeconds {
		return fmt.Errorf("timeoutSeconds is not a whole number of seconds "+
			"from 0 to %d: %.32s", maxTimeoutSeconds, b)
	}
	*s = timeoutSeconds(v)
	return nil
}
