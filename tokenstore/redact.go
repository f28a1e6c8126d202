package tokenstore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// String describes the record in one line of key=value pairs, leaving out
// the fields that are not set, with the token replaced by its placeholder
// "[task token <fingerprint>]", the text sfnctx.TokenPlaceholder gives. A
// claimed record, for one, reads (in one line):
//
//	reference="VAL-1" status=CLAIMED attempt=2 token=[task token 945a7d19cb9d9877]
//	claimId="c1" leaseEnd=2026-03-04T09:30:00Z
//
// Text fields are quoted; times are in UTC, RFC 3339.
func (r Record) String() string {
	var b strings.Builder
	for i, a := range r.fields(false) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(a.Key + "=" + shownValue(a.Key, a.Value))
	}
	return b.String()
}

// Format prints the record for fmt with any verb and flags, never showing
// the token. %#v prints the struct in Go syntax with the token replaced by
// its placeholder, for debugging; every other verb formats what String
// returns, with the verb's flags, width and precision.
func (r Record) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		shown := printedRecord(r)
		if r.Token != "" {
			shown.Token = tokenPlaceholder(r.Token)
		}
		s := fmt.Sprintf(fmt.FormatString(f, verb), shown)
		_, _ = fmt.Fprint(f, "tokenstore.Record"+s[strings.IndexByte(s, '{'):])
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), r.String())
}

// LogValue describes the record for log/slog without its token: the same
// fields as String, in the same order and left out under the same rule,
// except that the token is the attribute tokenFingerprint, its fingerprint
// alone, as other packages of this module log it.
func (r Record) LogValue() slog.Value {
	return slog.GroupValue(r.fields(true)...)
}

// fields lists the record's fields that are set, in the order String
// prints them. The token is its placeholder under "token", or its
// fingerprint under "tokenFingerprint" when forLog.
func (r Record) fields(forLog bool) []slog.Attr {
	attrs := []slog.Attr{slog.String("reference", r.Reference)}
	add := func(a slog.Attr, set bool) {
		if set {
			attrs = append(attrs, a)
		}
	}
	add(slog.String("status", string(r.Status)), r.Status != "")
	add(slog.Int64("attempt", r.Attempt), r.Attempt != 0)
	if forLog {
		add(slog.String("tokenFingerprint", fingerprint(r.Token)), r.Token != "")
	} else {
		add(slog.String("token", tokenPlaceholder(r.Token)), r.Token != "")
	}
	for _, s := range []struct{ key, value string }{
		{"executionArn", r.ExecutionARN}, {"stateMachineArn", r.StateMachineARN},
		{"stateName", r.StateName},
	} {
		add(slog.String(s.key, s.value), s.value != "")
	}
	add(slog.Time("enteredTime", r.EnteredTime), !r.EnteredTime.IsZero())
	add(slog.Int("retryCount", r.RetryCount), r.RetryCount != 0)
	for _, t := range []struct {
		key string
		at  time.Time
	}{{"createdAt", r.CreatedAt}, {"deadline", r.Deadline}, {"expiresAt", r.ExpiresAt}} {
		add(slog.Time(t.key, t.at), !t.at.IsZero())
	}
	add(slog.String("claimId", r.ClaimID), r.ClaimID != "")
	add(slog.Time("leaseEnd", r.LeaseEnd), !r.LeaseEnd.IsZero())
	add(slog.Time("completedAt", r.CompletedAt), !r.CompletedAt.IsZero())
	add(slog.String("errorCode", r.ErrorCode), r.ErrorCode != "")
	add(slog.String("outputHash", r.OutputHash), r.OutputHash != "")
	return attrs
}

// shownValue renders one field for String: text quoted, except the status
// and the token's placeholder; times in UTC, RFC 3339.
func shownValue(key string, v slog.Value) string {
	switch {
	case v.Kind() == slog.KindTime:
		return v.Time().UTC().Format(time.RFC3339Nano)
	case v.Kind() != slog.KindString || key == "status" || key == "token":
		return v.String()
	}
	return strconv.Quote(v.String())
}

// printedRecord is a Record without its methods, for fmt to print field by
// field.
type printedRecord Record

// tokenPlaceholder returns the text that stands for token wherever it would
// be shown, "[task token <fingerprint>]": sfnctx.TokenPlaceholder, which
// this package cannot import.
func tokenPlaceholder(token string) string {
	return "[task token " + fingerprint(token) + "]"
}

// fingerprint returns the first 8 bytes of the SHA-256 of token in hex, or
// "" for no token.
func fingerprint(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:8])
}
