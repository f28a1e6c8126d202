package tokenstore

import (
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestItemAttributes keeps the struct tags of item, the attribute names the
// expressions use and the documented list in step.
func TestItemAttributes(t *testing.T) {
	full := item{
		Reference: "r", Token: "t", Status: "CLAIMED", Attempt: 1, ExecutionARN: "e",
		StateMachineARN: "m", StateName: "s", EnteredAt: 1, RetryCount: 1, CreatedAt: 1,
		Deadline: 1, ExpiresAt: 1, ClaimID: "c", LeaseEnd: 1, CompletedAt: 1,
		ErrorCode: "x", OutputHash: "h",
	}
	av, err := attributevalue.MarshalMap(full)
	require.NoError(t, err)
	var got []string
	for name := range av {
		got = append(got, name)
	}
	want := []string{itemKey, attrToken, attrStatus, attrAttempt, attrExecutionARN,
		attrStateMachineARN, attrStateName, attrEnteredAt, attrRetryCount, attrCreatedAt,
		attrDeadline, attrExpiresAt, attrClaimID, attrLeaseEnd, attrCompletedAt,
		attrErrorCode, attrOutputHash}
	sort.Strings(got)
	sort.Strings(want)
	assert.Equal(t, want, got)
	for _, name := range want {
		assert.Equal(t, name != itemKey, recordAttribute(name), name)
	}

	rec, err := decodeRecord(av, itemKey)
	require.NoError(t, err)
	assert.Equal(t, time.UnixMilli(1).UTC(), rec.LeaseEnd)
	assert.Equal(t, time.Unix(1, 0).UTC(), rec.ExpiresAt)
}

func TestQuoteRefCutsOnCharacterBoundary(t *testing.T) {
	long := "ré" + "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€" // 3 + 96 bytes
	got := quoteRef(long)
	assert.Equal(t, `"ré€€€€€€€€€€€€€€€€€€€€…"`, got)
	assert.Equal(t, `"a\nb"`, quoteRef("a\nb"), "control characters are escaped")
}
