package errnotify_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/errnotify"
)

// publishedSize is what SNS counts: body plus each attribute's name, type
// and value.
func publishedSize(in *sns.PublishInput) int {
	n := len(aws.ToString(in.Message))
	for name, v := range in.MessageAttributes {
		n += len(name) + len(aws.ToString(v.DataType)) + len(aws.ToString(v.StringValue))
	}
	return n
}

// K18: a 300 KiB multi-byte cause and 11 candidate attributes.
func TestK18LargeCauseElevenAttributes(t *testing.T) {
	lambdaEnv(t)
	cause := strings.Repeat("stack frame é→😀 at valuation.go:42\n", 300*1024/40)
	require.Greater(t, len(cause), 300*1000)
	fake := &recordingSNS{}
	n := errnotify.New(fake, topicARN)

	err := n.Notify(invocation(t), errnotify.Notice{
		Description: "valuation failed", Kind: "send_failed", Reference: "VAL-1",
		Err: errors.New(cause), Time: noticeTime,
	})
	require.NoError(t, err)

	in := fake.only(t)
	assert.LessOrEqual(t, publishedSize(in), errnotify.MaxMessageBytes)
	assert.Len(t, in.MessageAttributes, errnotify.MaxAttributes)
	assert.NotContains(t, in.MessageAttributes, "lambdaRequestId", "lowest priority dropped")

	env := fake.envelope(t)
	assert.True(t, utf8.ValidString(env.Error))
	assert.Regexp(t, `\.\.\.\[cut by errnotify: \d+ bytes\]$`, env.Error)
	assert.True(t, strings.HasPrefix(cause, strings.SplitN(env.Error, " ...[cut", 2)[0]))
	assert.Equal(t, []string{"error"}, env.Truncated)
	assert.Greater(t, len(env.Error), 200*1024, "cut only as much as needed")
	assert.Equal(t, "req-1", env.RequestID, "the body keeps what the attributes drop")
}

func TestSizeCutsLargestFieldFirst(t *testing.T) {
	big := strings.Repeat("x", 200*1024)
	tests := []struct {
		name      string
		notice    errnotify.Notice
		truncated []string
	}{
		{"description", errnotify.Notice{Description: big + big}, []string{"description"}},
		{"extra string", errnotify.Notice{Description: "d",
			Extra: map[string]any{"dump": big + big, "small": "s"}}, []string{"extra.dump"}},
		{"extra object", errnotify.Notice{Description: "d",
			Extra: map[string]any{"rows": []string{big, big}}}, []string{"extra.rows"}},
		{"one cut is enough", errnotify.Notice{Description: big, Err: errors.New(big + "y")},
			[]string{"error"}},
		{"two cuts", errnotify.Notice{Description: big + big, Err: errors.New(big + big + "y")},
			[]string{"error", "description"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &recordingSNS{}
			require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(), tt.notice))
			in := fake.only(t)
			assert.LessOrEqual(t, publishedSize(in), errnotify.MaxMessageBytes)
			assert.True(t, json.Valid([]byte(*in.Message)))
			assert.Equal(t, tt.truncated, fake.envelope(t).Truncated)
		})
	}
}

func TestSizeSmallNoticeUntouched(t *testing.T) {
	fake := &recordingSNS{}
	desc := strings.Repeat("ü", 1000)
	require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(),
		errnotify.Notice{Description: desc}))
	env := fake.envelope(t)
	assert.Equal(t, desc, env.Description)
	assert.Empty(t, env.Truncated)
}

func TestSizeMaxBytesOption(t *testing.T) {
	fake := &recordingSNS{}
	n := errnotify.New(fake, topicARN, func(o *errnotify.Options) { o.MaxBytes = 2048 })
	require.NoError(t, n.Notify(t.Context(), errnotify.Notice{
		Description: strings.Repeat("a", 5000), Err: errors.New(strings.Repeat("b", 5000))}))
	assert.LessOrEqual(t, publishedSize(fake.only(t)), 2048)
}

func TestTooLarge(t *testing.T) {
	fake := &recordingSNS{}
	n := errnotify.New(fake, topicARN, func(o *errnotify.Options) { o.MaxBytes = 100 })
	err := n.Notify(t.Context(), errnotify.Notice{Description: "d", Kind: "late",
		ExecutionARN: executionARN})
	require.ErrorIs(t, err, errnotify.ErrTooLarge)
	var e *errnotify.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, topicARN, e.TopicARN)
	assert.Empty(t, fake.inputs, "nothing published")
}

// K18, second half: when SNS refuses the large notice, the caller still gets
// the original error, with the publish failure beside it.
func TestK18FailedPublishKeepsOriginal(t *testing.T) {
	original := errors.New(strings.Repeat("cause ", 300*1024/6))
	fake := &recordingSNS{err: errors.New("sns: throttled")}
	err := errnotify.New(fake, topicARN).Report(t.Context(), original,
		errnotify.Notice{Description: "valuation failed", Kind: "send_failed"})
	require.ErrorIs(t, err, original)
	require.ErrorIs(t, err, errnotify.ErrPublish)
	assert.True(t, strings.HasPrefix(err.Error(), original.Error()))
}

// Extra that cannot be cut value by value (thousands of small values, a huge
// key) is dropped as a whole rather than losing the notice.
func TestSizeExtraDroppedWhole(t *testing.T) {
	small := map[string]any{}
	for i := range 20000 {
		small[fmt.Sprintf("item-%05d", i)] = "0123456789abcdef"
	}
	medium := map[string]any{}
	for i := range 3000 {
		medium[fmt.Sprintf("row-%04d", i)] = strings.Repeat("m", 200)
	}
	tests := map[string]map[string]any{
		"many small values":  small,
		"many medium values": medium,
		"huge key":           {strings.Repeat("k", 300*1024): 1, "ok": "v"},
		"huge key and value": {strings.Repeat("k", 200*1024): strings.Repeat("v", 100*1024)},
	}
	for name, extra := range tests {
		t.Run(name, func(t *testing.T) {
			fake := &recordingSNS{}
			err := errnotify.New(fake, topicARN).Notify(t.Context(), errnotify.Notice{
				Description: "valuation failed", Err: errors.New("boom"), Extra: extra})
			require.NoError(t, err)
			in := fake.only(t)
			assert.LessOrEqual(t, publishedSize(in), errnotify.MaxMessageBytes)
			env := fake.envelope(t)
			assert.Equal(t, []string{"extra"}, env.Truncated)
			assert.Zero(t, len(env.Extra))
			assert.Equal(t, "boom", env.Error, "the texts are kept")
		})
	}
}

// A huge Kind is cut like the other free texts.
func TestSizeKindCut(t *testing.T) {
	fake := &recordingSNS{}
	require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(), errnotify.Notice{
		Description: "d", Kind: strings.Repeat("k", 300*1024)}))
	assert.LessOrEqual(t, publishedSize(fake.only(t)), errnotify.MaxMessageBytes)
	assert.Equal(t, []string{"kind"}, fake.envelope(t).Truncated)
}

// A description that must be cut and an Extra of thousands of small values:
// Extra goes first, so the description loses only what still does not fit
// rather than everything.
func TestSizeExtraDroppedBeforeEmptyingText(t *testing.T) {
	small := map[string]any{}
	for i := range 20000 {
		small[fmt.Sprintf("item-%05d", i)] = "0123456789abcdef"
	}
	desc := strings.Repeat("d", 300*1024)
	fake := &recordingSNS{}
	require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(),
		errnotify.Notice{Description: desc, Extra: small}))
	assert.LessOrEqual(t, publishedSize(fake.only(t)), errnotify.MaxMessageBytes)
	env := fake.envelope(t)
	assert.Equal(t, []string{"extra", "description"}, env.Truncated)
	assert.Greater(t, len(env.Description), 200*1024)
}

// U+FFFE and U+FFFF are valid UTF-8 but not characters SQS keeps (it turns
// them into U+FFFD); the body carries them as JSON escapes so a subscriber
// decodes the text intact.
func TestBodyEscapesNonCharacters(t *testing.T) {
	desc := "bad byte order mark \uFFFE and \uFFFF end"
	fake := &recordingSNS{}
	require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(),
		errnotify.Notice{Description: desc, Extra: map[string]any{"\uFFFF": "\uFFFE"}}))
	body := aws.ToString(fake.only(t).Message)
	assert.NotContains(t, body, "\uFFFE")
	assert.NotContains(t, body, "\uFFFF")
	env := fake.envelope(t)
	assert.Equal(t, desc, env.Description)
	assert.Equal(t, "\uFFFE", env.Extra["\uFFFF"])
}
