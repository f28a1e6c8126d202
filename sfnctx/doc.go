// Package sfnctx gives typed access to the Step Functions context object and
// to the Lambda context a handler runs in.
package sfnctx
