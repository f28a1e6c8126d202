package valuation

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
)

// NewReference returns a fresh valuation reference for a loan application:
// the application ID, "-V" and 12 random hex digits, for example
// "APP-1042-V3f9a0c21b7de". The token is stored under it before the
// valuation service hears of it, and the service calls back with it.
func NewReference(applicationID string) (string, error) {
	if strings.TrimSpace(applicationID) == "" {
		return "", fmt.Errorf("valuation: new reference: empty application ID")
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("valuation: new reference: %w", err)
	}
	return applicationID + "-V" + hex.EncodeToString(b[:]), nil
}

// ApplicationOf returns the application ID a reference made by
// [NewReference] starts with, and false for any other string.
func ApplicationOf(reference string) (string, bool) {
	i := strings.LastIndex(reference, "-V")
	if i <= 0 {
		return "", false
	}
	return reference[:i], true
}
