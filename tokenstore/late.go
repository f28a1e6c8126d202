package tokenstore

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// lateCondition is [CheckLate] as a condition expression: the record is
// pending or its lease has ended, its expiry has not passed, and it has a
// deadline that has.
const lateCondition = "(#status = :pending OR (#status = :claimed AND #leaseEnd <= :now))" +
	" AND (attribute_not_exists(#expiresAt) OR #expiresAt > :nowSec)" +
	" AND attribute_exists(#deadline) AND #deadline <= :now"

const lateUpdate = "SET #status = :late, #completedAt = :now, #expiresAt = :expiresAt" +
	" REMOVE #claimId, #leaseEnd"

// MarkLate closes the open record for reference as LATE, its deadline having
// passed, with one conditional UpdateItem; see [Store.MarkLate].
func (s *DynamoStore) MarkLate(ctx context.Context, reference string) (*Record, error) {
	if err := s.ready(ctx, "mark late", reference); err != nil {
		return nil, err
	}
	if err := ValidateReference("mark late", reference); err != nil {
		return nil, err
	}
	now := s.now()
	values := map[string]types.AttributeValue{
		":pending":   stringValue(string(StatusPending)),
		":claimed":   stringValue(string(StatusClaimed)),
		":late":      stringValue(string(StatusLate)),
		":now":       numberValue(now.UnixMilli()),
		":nowSec":    numberValue(now.Unix()),
		":expiresAt": numberValue(ExpiryAfter(now, time.Time{}, s.opts.Retention).Unix()),
	}
	in := s.conditionalUpdate(reference, lateUpdate, lateCondition, values,
		types.ReturnValueAllNew)
	out, err := s.client.UpdateItem(ctx, in)
	if err != nil {
		explain := func(stored *Record) (*Record, error) {
			if MarkedLate(stored) {
				return stored, nil
			}
			return nil, CheckLate(stored, reference, now)
		}
		return s.refused(ctx, "mark late", reference, err, explain, ErrInFlight)
	}
	return s.decodeWritten("mark late", reference, out.Attributes)
}
