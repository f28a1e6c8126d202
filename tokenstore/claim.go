package tokenstore

import (
	"context"
	"crypto/rand"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// claimCondition is [CheckClaim] as a condition expression: the record is
// pending or its lease has ended, and neither its expiry nor its deadline
// has passed.
const claimCondition = "(#status = :pending OR (#status = :claimed AND #leaseEnd <= :now))" +
	" AND (attribute_not_exists(#expiresAt) OR #expiresAt > :nowSec)" +
	" AND (attribute_not_exists(#deadline) OR #deadline > :now)"

const claimUpdate = "SET #status = :claimed, #claimId = :claimId, #leaseEnd = :leaseEnd"

// Claim takes the pending record for reference for the length of lease with
// one conditional UpdateItem; see [Store.Claim]. When the SDK sends the
// write again after the first one went through, the retry finds the record
// claimed under its own claim id, and the claim is won.
func (s *DynamoStore) Claim(
	ctx context.Context, reference string, lease time.Duration,
) (*Record, error) {
	if err := s.ready(ctx, "claim", reference); err != nil {
		return nil, err
	}
	if err := ValidateClaim(reference, lease); err != nil {
		return nil, err
	}
	now, claimID := s.now(), rand.Text()
	values := map[string]types.AttributeValue{
		":pending":  stringValue(string(StatusPending)),
		":claimed":  stringValue(string(StatusClaimed)),
		":now":      numberValue(now.UnixMilli()),
		":nowSec":   numberValue(now.Unix()),
		":claimId":  stringValue(claimID),
		":leaseEnd": numberValue(now.Add(lease).UnixMilli()),
	}
	in := s.conditionalUpdate(reference, claimUpdate, claimCondition, values,
		types.ReturnValueAllNew)
	out, err := s.client.UpdateItem(ctx, in)
	if err != nil {
		explain := func(stored *Record) (*Record, error) {
			if stored != nil && stored.Status == StatusClaimed && stored.ClaimID == claimID {
				return stored, nil // claimed by this very claim: a retry
			}
			return nil, CheckClaim(stored, reference, now)
		}
		return s.refused(ctx, "claim", reference, err, explain, ErrInFlight)
	}
	return s.decodeWritten("claim", reference, out.Attributes)
}
