package tokenstore

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The attribute names of a stored record besides its key. The struct tags of
// item repeat them; a test keeps the two in step.
const (
	attrToken           = "token"
	attrStatus          = "status"
	attrAttempt         = "attempt"
	attrExecutionARN    = "executionArn"
	attrStateMachineARN = "stateMachineArn"
	attrStateName       = "stateName"
	attrEnteredAt       = "enteredAt"
	attrRetryCount      = "retryCount"
	attrCreatedAt       = "createdAt"
	attrDeadline        = "deadline"
	attrExpiresAt       = "expiresAt"
	attrClaimID         = "claimId"
	attrLeaseEnd        = "leaseEnd"
	attrCompletedAt     = "completedAt"
	attrErrorCode       = "errorCode"
	attrOutputHash      = "outputHash"
)

// recordAttribute reports whether name is one of the attribute names above.
func recordAttribute(name string) bool {
	switch name {
	case attrToken, attrStatus, attrAttempt, attrExecutionARN, attrStateMachineARN,
		attrStateName, attrEnteredAt, attrRetryCount, attrCreatedAt, attrDeadline,
		attrExpiresAt, attrClaimID, attrLeaseEnd, attrCompletedAt, attrErrorCode,
		attrOutputHash:
		return true
	}
	return false
}

// itemKey is the name item uses for the key before it is renamed to
// [Options.KeyAttribute].
const itemKey = "reference"

// item is a [Record] as DynamoDB stores it. Times are epoch milliseconds,
// except ExpiresAt, which is epoch seconds as DynamoDB TTL reads it; zero
// and empty fields are left out.
type item struct {
	Reference       string `dynamodbav:"reference"`
	Token           string `dynamodbav:"token"`
	Status          string `dynamodbav:"status"`
	Attempt         int64  `dynamodbav:"attempt"`
	ExecutionARN    string `dynamodbav:"executionArn,omitempty"`
	StateMachineARN string `dynamodbav:"stateMachineArn,omitempty"`
	StateName       string `dynamodbav:"stateName,omitempty"`
	EnteredAt       int64  `dynamodbav:"enteredAt,omitempty"`
	RetryCount      int    `dynamodbav:"retryCount,omitempty"`
	CreatedAt       int64  `dynamodbav:"createdAt"`
	Deadline        int64  `dynamodbav:"deadline,omitempty"`
	ExpiresAt       int64  `dynamodbav:"expiresAt"`
	ClaimID         string `dynamodbav:"claimId,omitempty"`
	LeaseEnd        int64  `dynamodbav:"leaseEnd,omitempty"`
	CompletedAt     int64  `dynamodbav:"completedAt,omitempty"`
	ErrorCode       string `dynamodbav:"errorCode,omitempty"`
	OutputHash      string `dynamodbav:"outputHash,omitempty"`
}

// decodeRecord turns a stored item, keyed by keyAttr, into a Record. An item
// lacking what every record the store writes has (a known status, a token,
// an attempt, and a claim id and lease end while claimed) is not a record —
// another application's item in a shared table, say — and is an error:
// explaining a refusal from it would only guess.
func decodeRecord(av map[string]types.AttributeValue, keyAttr string) (*Record, error) {
	if keyAttr != itemKey {
		renamed := make(map[string]types.AttributeValue, len(av))
		for name, v := range av {
			if name == keyAttr {
				name = itemKey
			}
			renamed[name] = v
		}
		av = renamed
	}
	var it item
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return nil, err
	}
	if why := it.notRecord(); why != "" {
		return nil, errors.New("the stored item is not a token record: " + why)
	}
	return it.record(), nil
}

// notRecord says why it is not a record the store wrote, or "" when it is.
func (it *item) notRecord() string {
	switch Status(it.Status) {
	case StatusPending, StatusClaimed, StatusSucceeded, StatusFailed, StatusLate:
	default:
		return "status " + quoteRef(it.Status)
	}
	switch {
	case it.Token == "":
		return "no token"
	case it.Attempt < 1:
		return "no attempt"
	case Status(it.Status) == StatusClaimed && (it.ClaimID == "" || it.LeaseEnd == 0):
		return "claimed without a claim id and lease end"
	}
	return ""
}

func (it *item) record() *Record {
	return &Record{
		Reference:       it.Reference,
		Token:           it.Token,
		Status:          Status(it.Status),
		Attempt:         it.Attempt,
		ExecutionARN:    it.ExecutionARN,
		StateMachineARN: it.StateMachineARN,
		StateName:       it.StateName,
		EnteredTime:     fromMillis(it.EnteredAt),
		RetryCount:      it.RetryCount,
		CreatedAt:       fromMillis(it.CreatedAt),
		Deadline:        fromMillis(it.Deadline),
		ExpiresAt:       fromSeconds(it.ExpiresAt),
		ClaimID:         it.ClaimID,
		LeaseEnd:        fromMillis(it.LeaseEnd),
		CompletedAt:     fromMillis(it.CompletedAt),
		ErrorCode:       it.ErrorCode,
		OutputHash:      it.OutputHash,
	}
}

func toMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMillis(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

func fromSeconds(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}
