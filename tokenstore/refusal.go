package tokenstore

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// A check explains a failed condition from the record as it stood (nil
// when there was none): it returns the record when the write turns out to
// have happened already — a retry, by the SDK or the caller, of a write that
// went through — or else why the operation is refused.
type check func(stored *Record) (*Record, error)

// refused turns the error of a conditional write into what op returns.
//
// A failed condition is explained by applying check, the rule the condition
// encodes, to the item as it stood: the item DynamoDB returned with the
// failure (ReturnValuesOnConditionCheckFailure=ALL_OLD), or, when none came
// back, the item read once more with a consistent read. Should the item have
// changed in between so that check finds nothing wrong, the refusal is
// contended, a retryable refusal for op. Any other error is returned as a
// failure of op with the AWS error as its cause.
func (s *DynamoStore) refused(
	ctx context.Context, op, reference string, err error, explain check, contended error,
) (*Record, error) {
	var failed *types.ConditionalCheckFailedException
	if !errors.As(err, &failed) {
		return nil, &Error{Op: op, Reference: reference, Cause: err}
	}
	stored, readErr := s.storedAtFailure(ctx, reference, failed)
	if readErr != nil {
		return nil, &Error{Op: op, Reference: reference, Cause: errors.Join(err, readErr)}
	}

	done, why := explain(stored)
	if done != nil {
		return done, nil
	}
	var refusal *Error
	if !errors.As(why, &refusal) {
		refusal = &Error{Op: op, Reference: reference, Kind: contended,
			Detail: "the record changed while the refusal was explained"}
		if stored != nil {
			refusal.Status, refusal.Attempt = stored.Status, stored.Attempt
			refusal.Record = copyRecord(stored)
		}
	}
	refusal.Cause = err
	return nil, refusal
}

// storedAtFailure returns the record that failed a condition, nil when there
// was none. It decodes the item returned with the failure and then drops it
// from the error, which stays reachable as a cause and must not carry the
// token; it reads the item when the engine returned none.
func (s *DynamoStore) storedAtFailure(
	ctx context.Context, reference string, failed *types.ConditionalCheckFailedException,
) (*Record, error) {
	if len(failed.Item) == 0 {
		return s.read(ctx, reference)
	}
	stored, err := decodeRecord(failed.Item, s.opts.KeyAttribute)
	failed.Item = nil
	return stored, err
}
