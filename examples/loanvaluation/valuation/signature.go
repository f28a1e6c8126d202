package valuation

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// SignatureHeader is the HTTP header carrying the webhook signature.
const SignatureHeader = "X-Valuation-Signature"

// signaturePrefix names the algorithm in the header value.
const signaturePrefix = "sha256="

// Sign returns the signature of body under secret, as sent in
// [SignatureHeader]: "sha256=" followed by the hex HMAC-SHA256.
func Sign(secret []byte, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether signature is the signature of body under secret.
// It compares in constant time and refuses an empty secret, so a webhook
// that was deployed without its secret accepts nothing.
func Verify(secret []byte, body []byte, signature string) bool {
	if len(secret) == 0 {
		return false
	}
	got, ok := strings.CutPrefix(signature, signaturePrefix)
	if !ok {
		return false
	}
	sum, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return hmac.Equal(sum, mac.Sum(nil))
}
