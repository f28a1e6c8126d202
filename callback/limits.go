package callback

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/tasktoken/tasktoken/sfnctx"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// Step Functions limits, checked before any network call.
const (
	// MaxTokenBytes is the longest task token Step Functions accepts
	// ([tokenstore.MaxTokenBytes]).
	MaxTokenBytes = tokenstore.MaxTokenBytes
	// MaxOutputBytes is the largest task output, in bytes of UTF-8 JSON.
	MaxOutputBytes = 262144
	// MaxErrorCodeBytes is the longest error code sent with a failure;
	// longer codes are cut, never refused.
	MaxErrorCodeBytes = 256
	// MaxCauseBytes is the longest cause sent with a failure; longer causes
	// are cut, never refused.
	MaxCauseBytes = 32768
)

// CheckToken runs the checks a [Client] makes on a task token before any
// network call: 1 to [MaxTokenBytes] bytes of printable ASCII without
// whitespace, not an unresolved $ path or {% %} placeholder, not quoted or
// URL-encoded. The rule is [tokenstore.CheckToken], the same one a store
// applies before it saves a token, so a token that was saved passes it.
// It returns nil when token may be a task token, and otherwise an [*Error]
// of kind [ErrInvalidToken] with the token's fingerprint and the reason;
// the token itself is never in the message.
// Use it to refuse a token before doing work whose outcome it would carry.
func CheckToken(token string) error {
	if detail := checkToken(token); detail != "" {
		return &Error{Kind: ErrInvalidToken, TokenFingerprint: fingerprint(token),
			Detail: detail}
	}
	return nil
}

// checkToken reports why token cannot be a task token, or "" when it may
// be one. The rule is tokenstore's ([tokenstore.CheckToken]), the one a
// token passes to be saved; the reason never quotes the token.
func checkToken(token string) string {
	var refused *tokenstore.Error
	if errors.As(tokenstore.CheckToken(token), &refused) {
		return refused.Detail
	}
	return ""
}

// checkOutput reports why output cannot be sent as task output: too big
// or not JSON. It returns "" when the output is fine.
func checkOutput(output []byte) string {
	if len(output) > MaxOutputBytes {
		return "output of " + strconv.Itoa(len(output)) + " bytes exceeds the limit of " +
			strconv.Itoa(MaxOutputBytes) + " bytes"
	}
	if !json.Valid(output) {
		return "output is not valid JSON"
	}
	return ""
}

// OutputHash returns the hex SHA-256 of a task output: what a by-reference
// success stores with the completed record (tokenstore.Record.OutputHash)
// instead of the output, and what [Error.PriorOutputHash] and
// [Error.OutputHash] hold.
func OutputHash(output []byte) string {
	sum := sha256.Sum256(output)
	return hex.EncodeToString(sum[:])
}

// truncationMarker ends a value that was cut to fit a limit.
const truncationMarker = "…[truncated]"

// fitLimit returns s unchanged when it fits in max bytes, and otherwise
// cuts it on a UTF-8 boundary and appends a visible marker, the whole at
// most max bytes.
func fitLimit(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return cutUTF8(s, max-len(truncationMarker)) + truncationMarker
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does not
// split a character.
func cutUTF8(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// fingerprint is sfnctx.TokenFingerprint, named for brevity at call sites.
func fingerprint(token string) string { return sfnctx.TokenFingerprint(token) }
