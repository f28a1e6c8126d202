package tokenstore

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// String describes the record as fmt's %v would, with the token replaced by
// its fingerprint, so that printing a record never shows the token.
func (r Record) String() string {
	return fmt.Sprint(r)
}

// Format prints the record for fmt with any verb and flags, as fmt would
// print the struct, except that the token is replaced by its fingerprint:
// the first 8 bytes of its SHA-256 in hex, the fingerprint
// sfnctx.TokenFingerprint gives.
func (r Record) Format(f fmt.State, verb rune) {
	shown := printedRecord(r)
	if r.Token != "" {
		shown.Token = "fingerprint:" + fingerprint(r.Token)
	}
	if verb == 'v' && f.Flag('#') {
		s := fmt.Sprintf(fmt.FormatString(f, verb), shown)
		_, _ = fmt.Fprint(f, "tokenstore.Record"+s[strings.IndexByte(s, '{'):])
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), shown)
}

// LogValue describes the record for log/slog without its token: the
// reference, the token's fingerprint, the status, the attempt and those of
// the waiting state, claim and completion fields that are set.
func (r Record) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("reference", r.Reference),
		slog.String("tokenFingerprint", fingerprint(r.Token)),
		slog.String("status", string(r.Status)),
		slog.Int64("attempt", r.Attempt),
	}
	for _, s := range []struct{ key, value string }{
		{"executionArn", r.ExecutionARN}, {"stateName", r.StateName},
		{"claimId", r.ClaimID}, {"errorCode", r.ErrorCode},
	} {
		if s.value != "" {
			attrs = append(attrs, slog.String(s.key, s.value))
		}
	}
	for _, t := range []struct {
		key string
		at  time.Time
	}{{"deadline", r.Deadline}, {"leaseEnd", r.LeaseEnd}, {"completedAt", r.CompletedAt}} {
		if !t.at.IsZero() {
			attrs = append(attrs, slog.Time(t.key, t.at))
		}
	}
	return slog.GroupValue(attrs...)
}

// printedRecord is a Record without its methods, for fmt to print field by
// field.
type printedRecord Record

// fingerprint returns the first 8 bytes of the SHA-256 of token in hex, or
// "" for no token.
func fingerprint(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:8])
}
