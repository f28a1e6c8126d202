// Package mockservice is a stand-in for the external valuation service of
// the loan-valuation example. It accepts valuation requests over HTTP and
// calls the webhook back later, signed with the shared secret, behaving
// as the property's name or number asks: see [BehaviourFor].
//
// It exists to play the example's failure scenarios; a real valuation
// service takes hours or days, and nobody chooses how it misbehaves.
package mockservice
