// Package tokenstore keeps Step Functions task tokens under the business
// reference an external party will call back with, and redeems each token at
// most once.
package tokenstore
