package tokenstore

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// saveCondition is [CheckSave] as a condition expression: the item is
// missing or past its expiry, or it is pending or its lease has ended. A save
// that names an attempt adds saveAttemptCondition inside the last group.
const (
	saveCondition = "attribute_not_exists(#k) OR #expiresAt <= :nowSec OR " +
		"((#status = :pending OR (#status = :claimed AND #leaseEnd <= :now))"
	saveAttemptCondition = " AND #attempt < :attempt"
)

// saveReplaced lists the attributes a save writes when the record gives them
// and removes otherwise, so that nothing of an older attempt survives.
var saveReplaced = []string{
	attrExecutionARN, attrStateMachineARN, attrStateName, attrEnteredAt, attrRetryCount,
	attrDeadline, attrClaimID, attrLeaseEnd, attrCompletedAt, attrErrorCode, attrOutputHash,
}

// Save stores rec.Token under rec.Reference in status PENDING with one
// conditional UpdateItem; see [Store.Save].
func (s *DynamoStore) Save(ctx context.Context, rec Record) (*Record, error) {
	if err := s.ready(ctx, "save", rec.Reference); err != nil {
		return nil, err
	}
	if err := ValidateSave(rec); err != nil {
		return nil, err
	}
	now := s.now()
	update, values, err := s.saveUpdate(rec, now)
	if err != nil {
		return nil, &Error{Op: "save", Reference: rec.Reference, Cause: err}
	}
	condition := saveCondition + ")"
	if rec.Attempt > 0 {
		condition = saveCondition + saveAttemptCondition + ")"
		values[":attempt"] = numberValue(rec.Attempt)
	}
	values[":nowSec"] = numberValue(now.Unix())
	values[":now"] = numberValue(now.UnixMilli())
	values[":pending"] = stringValue(string(StatusPending))
	values[":claimed"] = stringValue(string(StatusClaimed))

	in := s.conditionalUpdate(rec.Reference, update, condition, values, types.ReturnValueAllNew)
	out, err := s.client.UpdateItem(ctx, in)
	if err != nil {
		explain := func(stored *Record) (*Record, error) {
			if SavedBy(stored, rec, now) {
				return stored, nil
			}
			return nil, CheckSave(stored, rec, now)
		}
		return s.refused(ctx, "save", rec.Reference, err, explain, ErrInFlight)
	}
	return s.decodeWritten("save", rec.Reference, out.Attributes)
}

// saveUpdate returns the update expression writing rec as a new pending
// attempt at now, and the values it uses.
func (s *DynamoStore) saveUpdate(
	rec Record, now time.Time,
) (string, map[string]types.AttributeValue, error) {
	av, err := attributevalue.MarshalMap(item{
		Token:           rec.Token,
		Status:          string(StatusPending),
		ExecutionARN:    rec.ExecutionARN,
		StateMachineARN: rec.StateMachineARN,
		StateName:       rec.StateName,
		EnteredAt:       toMillis(rec.EnteredTime),
		RetryCount:      rec.RetryCount,
		CreatedAt:       now.UnixMilli(),
		Deadline:        toMillis(rec.Deadline),
		ExpiresAt:       ExpiryAfter(now, rec.Deadline, s.opts.Retention).Unix(),
	})
	if err != nil {
		return "", nil, err
	}
	values := make(map[string]types.AttributeValue, len(av)+8)
	sets := make([]string, 0, len(av)+1)
	var removes []string
	for _, attr := range []string{attrToken, attrStatus, attrCreatedAt, attrExpiresAt} {
		sets = append(sets, "#"+attr+" = :"+attr)
		values[":"+attr] = av[attr]
	}
	if rec.Attempt > 0 {
		sets = append(sets, "#attempt = :attempt")
	} else {
		sets = append(sets, "#attempt = if_not_exists(#attempt, :zero) + :one")
		values[":zero"], values[":one"] = numberValue(0), numberValue(1)
	}
	for _, attr := range saveReplaced {
		if v, ok := av[attr]; ok {
			sets = append(sets, "#"+attr+" = :"+attr)
			values[":"+attr] = v
		} else {
			removes = append(removes, "#"+attr)
		}
	}
	update := "SET " + strings.Join(sets, ", ")
	if len(removes) > 0 {
		update += " REMOVE " + strings.Join(removes, ", ")
	}
	return update, values, nil
}

// decodeWritten decodes the item a write returned.
func (s *DynamoStore) decodeWritten(
	op, reference string, av map[string]types.AttributeValue,
) (*Record, error) {
	rec, err := decodeRecord(av, s.opts.KeyAttribute)
	if err != nil {
		return nil, &Error{Op: op, Reference: reference, Cause: err}
	}
	return rec, nil
}
