package sfnctx

import (
	"crypto/sha256"
	"encoding/hex"
)

// TokenFingerprint returns a short, stable stand-in for a task token: the
// first 8 bytes of its SHA-256 in hex. It identifies a token in logs, errors
// and notices without revealing it. An empty token has an empty fingerprint.
func TokenFingerprint(token string) string {
	if token == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:8])
}

// TokenPlaceholder returns the text that stands for a task token wherever
// one would otherwise be shown — in a cause, an error or a notice:
// "[task token <fingerprint>]".
func TokenPlaceholder(token string) string {
	return "[task token " + TokenFingerprint(token) + "]"
}
