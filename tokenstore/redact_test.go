package tokenstore_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

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
	assert.Contains(t, printed["%+v"], "Reference:VAL-7 Token:fingerprint:"+fp+" Status:CLAIMED")
	assert.Contains(t, printed["%#v"], `tokenstore.Record{Reference:"VAL-7", Token:"fingerprint:`)
	assert.Contains(t, printed["slog JSON"], `"tokenFingerprint":"`+fp+`"`)
	assert.Contains(t, printed["slog JSON"], `"claimId":"c1"`)
	assert.Equal(t, token, rec.Token, "printing changed the record")
	assert.Contains(t, fmt.Sprint(tokenstore.Record{Reference: "VAL-8"}), "{VAL-8  ",
		"a record without a token shows an empty token")
}
