package sfnctx

import "time"

// Deadline returns when the waiting state times out: State.EnteredTime plus
// timeout, the state's TimeoutSeconds. The context object does not carry
// TimeoutSeconds, so the state passes it beside the object (see the package
// docs). Deadline returns the zero time, meaning unknown, when c is nil,
// when timeout is not positive (the state sets no TimeoutSeconds) or when
// EnteredTime is unknown, as with kumo, which passes only Task.Token. The
// result is what a stored token record takes as its deadline.
func (c *Context) Deadline(timeout time.Duration) time.Time {
	if c == nil || timeout <= 0 || c.State.EnteredTime.IsZero() {
		return time.Time{}
	}
	return c.State.EnteredTime.Add(timeout)
}
