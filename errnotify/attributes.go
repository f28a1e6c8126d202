package errnotify

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// MaxAttributes is the most message attributes a notice carries. SNS
// subscription filter policies match on them.
const MaxAttributes = 10

// maxAttributeValue caps each attribute value; the full text is in the body.
const maxAttributeValue = 1024

// maxSubject keeps the subject under the SNS limit of 100 characters.
const maxSubject = 99

// attribute is one candidate message attribute.
type attribute struct {
	name, dataType, value string
}

// attributes returns the message attributes of env: the candidates below
// that have a value, in this priority order, keeping the first
// [MaxAttributes]. The last ones go first when there are too many:
//
//	source, kind, version, reference, stateMachineArn, stateName,
//	executionArn, functionName, retryCount, tokenFingerprint, lambdaRequestId
func attributes(env *Envelope) []attribute {
	candidates := []attribute{
		{"source", "String", env.Source},
		{"kind", "String", env.Kind},
		{"version", "String", env.Version},
		{"reference", "String", env.Reference},
		{"stateMachineArn", "String", env.StateMachineARN},
		{"stateName", "String", env.StateName},
		{"executionArn", "String", env.ExecutionARN},
		{"functionName", "String", env.FunctionName},
		{"retryCount", "Number", retryCount(env)},
		{"tokenFingerprint", "String", env.TokenFingerprint},
		{"lambdaRequestId", "String", env.RequestID},
	}
	var out []attribute
	for _, a := range candidates {
		a.value = attributeText(a.value)
		if a.value != "" && len(out) < MaxAttributes {
			out = append(out, a)
		}
	}
	return out
}

// retryCount is the retry count as a Number attribute, present when the
// state is known.
func retryCount(env *Envelope) string {
	if env.StateName == "" && env.RetryCount == 0 {
		return ""
	}
	return strconv.Itoa(env.RetryCount)
}

// attributeText keeps a value within maxAttributeValue bytes and to the
// characters SNS accepts.
func attributeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if len(s) <= maxAttributeValue {
		return s
	}
	const dots = "..."
	keep := maxAttributeValue - len(dots)
	for keep > 0 && !utf8.RuneStart(s[keep]) {
		keep--
	}
	return s[:keep] + dots
}

// snsAttributes converts attributes for PublishInput.
func snsAttributes(attrs []attribute) map[string]types.MessageAttributeValue {
	out := make(map[string]types.MessageAttributeValue, len(attrs))
	for _, a := range attrs {
		out[a.name] = types.MessageAttributeValue{
			DataType: aws.String(a.dataType), StringValue: aws.String(a.value)}
	}
	return out
}

// attributesSize is what attributes count toward the SNS size limit: name,
// data type and value of each.
func attributesSize(attrs []attribute) int {
	n := 0
	for _, a := range attrs {
		n += len(a.name) + len(a.dataType) + len(a.value)
	}
	return n
}

// subject returns the SNS subject of env: "<kind>: <description>", in
// printable ASCII on one line, under 100 characters, starting with a letter,
// a digit or a punctuation mark as SNS requires.
func subject(env *Envelope) string {
	s := env.Description
	if env.Kind != "" {
		s = env.Kind + ": " + s
	}
	s = strings.Join(strings.Fields(strings.Map(asciiPrintable, s)), " ")
	s = strings.TrimLeftFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsPunct(r)
	})
	if s == "" {
		return "failure notice"
	}
	if len(s) > maxSubject {
		s = strings.TrimSpace(s[:maxSubject-3]) + "..."
	}
	return s
}

// asciiPrintable maps control characters to spaces and anything outside
// ASCII to '?'.
func asciiPrintable(r rune) rune {
	switch {
	case r < 0x20 || r == 0x7f:
		return ' '
	case r > 0x7e:
		return '?'
	}
	return r
}
