package tokenstore

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// holderCondition is [CheckHolder] as a condition expression: the record is
// claimed, by the caller's claim.
const holderCondition = "#status = :claimed AND #claimId = :claimId"

const releaseUpdate = "SET #status = :pending REMOVE #claimId, #leaseEnd"

// Complete closes a claimed record with the outcome in c with one
// conditional UpdateItem; see [Store.Complete].
func (s *DynamoStore) Complete(
	ctx context.Context, reference, claimID string, c Completion,
) (*Record, error) {
	if err := s.ready(ctx, "complete", reference); err != nil {
		return nil, err
	}
	if err := ValidateHolder("complete", reference, claimID); err != nil {
		return nil, err
	}
	if err := ValidateCompletion(reference, c); err != nil {
		return nil, err
	}
	update, values := s.completeUpdate(claimID, c, s.now())
	in := s.conditionalUpdate(reference, update, holderCondition, values,
		types.ReturnValueAllNew)
	out, err := s.client.UpdateItem(ctx, in)
	if err != nil {
		explain := func(stored *Record) (*Record, error) {
			if CompletedBy(stored, claimID, c) {
				return stored, nil
			}
			return nil, CheckHolder("complete", stored, reference, claimID)
		}
		return s.refused(ctx, "complete", reference, err, explain, ErrClaimLost)
	}
	return s.decodeWritten("complete", reference, out.Attributes)
}

// completeUpdate returns the update expression writing the outcome in c at
// now for the holder of claimID, and the values it and the condition use.
func (s *DynamoStore) completeUpdate(
	claimID string, c Completion, now time.Time,
) (string, map[string]types.AttributeValue) {
	values := map[string]types.AttributeValue{
		":claimed":     stringValue(string(StatusClaimed)),
		":claimId":     stringValue(claimID),
		":outcome":     stringValue(string(c.Outcome)),
		":completedAt": numberValue(now.UnixMilli()),
		":expiresAt":   numberValue(ExpiryAfter(now, time.Time{}, s.opts.Retention).Unix()),
	}
	update := "SET #status = :outcome, #completedAt = :completedAt, #expiresAt = :expiresAt"
	remove := " REMOVE #leaseEnd"
	for _, f := range [...]struct{ attr, v string }{
		{attrErrorCode, c.ErrorCode}, {attrOutputHash, c.OutputHash},
	} {
		if f.v == "" {
			remove += ", #" + f.attr
			continue
		}
		update += ", #" + f.attr + " = :" + f.attr
		values[":"+f.attr] = stringValue(f.v)
	}
	return update + remove, values
}

// Release gives a claim back with one conditional UpdateItem, so that the
// record returns to PENDING; see [Store.Release].
func (s *DynamoStore) Release(ctx context.Context, reference, claimID string) error {
	if err := s.ready(ctx, "release", reference); err != nil {
		return err
	}
	if err := ValidateHolder("release", reference, claimID); err != nil {
		return err
	}
	values := map[string]types.AttributeValue{
		":claimed": stringValue(string(StatusClaimed)),
		":claimId": stringValue(claimID),
		":pending": stringValue(string(StatusPending)),
	}
	in := s.conditionalUpdate(reference, releaseUpdate, holderCondition, values,
		types.ReturnValueNone)
	if _, err := s.client.UpdateItem(ctx, in); err != nil {
		explain := func(stored *Record) (*Record, error) {
			return nil, CheckHolder("release", stored, reference, claimID)
		}
		_, err = s.refused(ctx, "release", reference, err, explain, ErrClaimLost)
		return err
	}
	return nil
}
