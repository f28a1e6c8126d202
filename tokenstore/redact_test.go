package tokenstore_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tasktoken/tasktoken/sfnctx"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// TestRecordHidesToken prints a record every way a log line or an error
// message might: the token never shows, its fingerprint and the reference
// do.
func TestRecordHidesToken(t *testing.T) {
	const token = "AQB4AAAAKAAAAAMAAAAAAAAAAXd1c2Vy-secret"
	sum := sha256.Sum256([]byte(token))
	fp := hex.EncodeToString(sum[:8])
	rec := tokenstore.Record{
		Reference: "VAL-7", Token: token, Status: tokenstore.StatusClaimed, Attempt: 2,
		ExecutionARN: "arn:aws:states:us-east-1:123456789012:execution:loan:run-1",
		ClaimID:      "c1", LeaseEnd: time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC),
	}

	printed := map[string]string{"String": rec.String()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%10.3v"} {
		printed[verb] = fmt.Sprintf(verb, rec)
		printed[verb+" of a pointer"] = fmt.Sprintf(verb, &rec)
	}
	printed["%+v in a struct"] = fmt.Sprintf("%+v", struct{ Rec tokenstore.Record }{rec})
	printed["%v in a slice"] = fmt.Sprint([]tokenstore.Record{rec})
	var text, json bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("saved", "record", rec)
	slog.New(slog.NewJSONHandler(&json, nil)).Info("saved", "record", &rec)
	printed["slog text"], printed["slog JSON"] = text.String(), json.String()

	for how, s := range printed {
		assert.NotContains(t, s, token, how)
		assert.NotContains(t, s, "-secret", how)
	}
	for _, how := range []string{"String", "%v", "%+v", "%#v", "%+v in a struct", "slog JSON"} {
		assert.Contains(t, printed[how], fp, how)
		assert.Contains(t, printed[how], "VAL-7", how)
	}
	assert.Equal(t, rec.String(), printed["%+v"])
	assert.Contains(t, printed["%#v"],
		`tokenstore.Record{Reference:"VAL-7", Token:"[task token `+fp+`]"`)
	assert.Contains(t, printed["slog JSON"], `"tokenFingerprint":"`+fp+`"`)
	assert.Contains(t, printed["slog JSON"], `"claimId":"c1"`)
	assert.Equal(t, token, rec.Token, "printing changed the record")
	assert.Equal(t, `reference="VAL-8"`, fmt.Sprint(tokenstore.Record{Reference: "VAL-8"}),
		"a record without a token shows no token")
}

// TestRecordString checks String is one short line naming the fields that
// are set, the token by its placeholder, and that fmt and slog show the
// same fields.
func TestRecordString(t *testing.T) {
	const token = "AQB4AAAAKAAAAAMAAAAAAAAAAXd1c2Vy-secret"
	lease := time.Date(2026, 3, 4, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	rec := tokenstore.Record{
		Reference: "VAL-1", Token: token, Status: tokenstore.StatusClaimed, Attempt: 2,
		StateName: "Wait for valuation", ClaimID: "c1", LeaseEnd: lease,
	}
	want := `reference="VAL-1" status=CLAIMED attempt=2 token=` +
		sfnctx.TokenPlaceholder(token) + ` stateName="Wait for valuation" claimId="c1"` +
		` leaseEnd=2026-03-04T08:30:00Z`
	assert.Equal(t, want, rec.String())
	assert.Equal(t, want, fmt.Sprintf("%v", rec))
	assert.Equal(t, want, fmt.Sprintf("%s", &rec))
	assert.Equal(t, strconv.Quote(want), fmt.Sprintf("%q", rec))
	assert.NotContains(t, want, "0001-01-01", "a zero time is shown")

	var text bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("claimed", "record", rec)
	assert.Contains(t, text.String(), `record.reference=VAL-1 record.status=CLAIMED `+
		`record.attempt=2 record.tokenFingerprint=`+sfnctx.TokenFingerprint(token)+
		` record.stateName="Wait for valuation" record.claimId=c1 record.leaseEnd=`)
	assert.NotContains(t, text.String(), "record.deadline", "a zero time is logged")
}

// TestTokenPlaceholderIsSfnctxs checks the placeholder a record shows is
// the one text the module uses for a token everywhere.
func TestTokenPlaceholderIsSfnctxs(t *testing.T) {
	for _, token := range []string{"AQB4AAAA-secret", "x", strings.Repeat("A", 2048)} {
		rec := tokenstore.Record{Reference: "VAL-1", Token: token}
		assert.Equal(t, `reference="VAL-1" token=`+sfnctx.TokenPlaceholder(token), rec.String())
	}
}
