package errnotify

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// maxFIFOID is the longest MessageGroupId or MessageDeduplicationId SNS takes.
const maxFIFOID = 128

// isFIFO reports whether topicARN names a FIFO topic.
func isFIFO(topicARN string) bool { return strings.HasSuffix(topicARN, ".fifo") }

// groupID is the FIFO message group of env: its reference, else its
// execution ARN, else its source, so notices about one reference stay in
// order. A value SNS would refuse is replaced by its SHA-256.
func groupID(env *Envelope) string {
	id := first(env.Reference, env.ExecutionARN, env.Source)
	if validFIFOID(id) {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

// deduplicationID is the SHA-256 of what tells notices apart: kind,
// reference, execution ARN, token fingerprint, time, description and error
// text. The same notice published twice within the deduplication window is
// delivered once; two failures that differ only in their error are not.
func deduplicationID(env *Envelope) string {
	h := sha256.New()
	for _, part := range []string{env.Kind, env.Reference, env.ExecutionARN,
		env.TokenFingerprint, env.Time.Format(time.RFC3339Nano), env.Description,
		env.Error} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// validFIFOID reports whether id is 1 to 128 ASCII letters, digits or
// punctuation, as SNS requires.
func validFIFOID(id string) bool {
	if id == "" || len(id) > maxFIFOID {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}
