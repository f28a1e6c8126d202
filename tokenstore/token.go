package tokenstore

import (
	"strconv"
	"strings"
	"unicode"
)

// CheckToken reports whether token may be a Step Functions task token, the
// rule a token must pass to be saved and the one package callback applies
// before any network call: 1 to [MaxTokenBytes] bytes of printable ASCII
// without whitespace, not an unresolved placeholder (a $ path such as
// $$.Task.Token, or a {% %} JSONata expression), not quoted and not
// URL-encoded. Step Functions refuses any other text, so a token that fails
// the rule could never be redeemed.
//
// It returns nil for a token that passes, and otherwise an [*Error] matching
// [ErrInvalidInput] whose Detail says what is wrong. Neither the detail nor
// the message ever contains the token.
func CheckToken(token string) error {
	if detail := tokenFault(token); detail != "" {
		return &Error{Kind: ErrInvalidInput, Detail: detail}
	}
	return nil
}

// tokenFault says why token cannot be a task token, or "" when it may be
// one. It never quotes the token.
func tokenFault(token string) string {
	switch {
	case token == "":
		return "empty token"
	case len(token) > MaxTokenBytes:
		return "token of " + strconv.Itoa(len(token)) + " bytes exceeds " +
			strconv.Itoa(MaxTokenBytes)
	case strings.HasPrefix(token, "$") || strings.HasPrefix(token, "{%"):
		return "token is an unresolved placeholder (a $ path or {% %} expression)"
	case strings.IndexFunc(token, unicode.IsSpace) >= 0:
		return "token contains whitespace"
	case strings.ContainsAny(token, "\"'`"):
		return "token contains quotes: it was mangled in transit"
	case hasURLEscape(token):
		return "token is URL-encoded: decode it before sending"
	case strings.IndexFunc(token, notTokenRune) >= 0:
		return "token contains non-printable or non-ASCII characters"
	}
	return ""
}

// hasURLEscape reports whether s holds a percent-escape of a character a
// base64 token carries (+, / or =).
func hasURLEscape(s string) bool {
	u := strings.ToUpper(s)
	return strings.Contains(u, "%2B") || strings.Contains(u, "%2F") ||
		strings.Contains(u, "%3D")
}

// notTokenRune reports whether r is outside printable ASCII.
func notTokenRune(r rune) bool { return r < 0x21 || r > 0x7e }
