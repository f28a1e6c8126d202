// Package valuation holds what the loan-valuation Lambdas and the valuation
// service exchange: the loan application, the valuation request, the
// webhook callback and its HMAC signature.
//
// # Signature
//
// The valuation service signs every webhook body with a secret it shares
// with the ValuationCallback Lambda: [Sign] computes the value of the
// [SignatureHeader] header, [Verify] checks it in constant time. A callback
// whose signature does not verify is refused before any token is touched.
package valuation
