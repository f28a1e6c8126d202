package errnotify_test

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/errnotify"
)

func TestAttributes(t *testing.T) {
	noLambdaEnv(t)
	tests := []struct {
		name   string
		notice errnotify.Notice
		want   map[string]string
	}{
		{"minimal notice", errnotify.Notice{Description: "d"},
			map[string]string{"source": errnotify.DefaultSource, "version": "1"}},
		{"state known", errnotify.Notice{Description: "d", Kind: "late", Reference: "VAL-1",
			ExecutionARN: executionARN, StateName: "Wait", Token: token},
			map[string]string{"source": machineARN, "version": "1", "kind": "late",
				"reference": "VAL-1", "executionArn": executionARN, "stateName": "Wait",
				"stateMachineArn": machineARN,
				"retryCount":      "0", "tokenFingerprint": "2a534803f73f9864"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &recordingSNS{}
			require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(), tt.notice))
			assert.Equal(t, tt.want, fake.attributes(t))
			for name, v := range fake.only(t).MessageAttributes {
				want := "String"
				if name == "retryCount" {
					want = "Number"
				}
				assert.Equal(t, want, aws.ToString(v.DataType), name)
			}
		})
	}
}

func TestAttributeValuesCapped(t *testing.T) {
	fake := &recordingSNS{}
	ref := strings.Repeat("ü", 2000) + "\x00\x01"
	require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(),
		errnotify.Notice{Description: "d", Reference: ref}))
	got := fake.attributes(t)["reference"]
	assert.LessOrEqual(t, len(got), 1024)
	assert.True(t, strings.HasSuffix(got, "ü..."))
	assert.Equal(t, ref, fake.envelope(t).Reference, "the body keeps the whole value")
}

func TestSubject(t *testing.T) {
	tests := []struct {
		name   string
		notice errnotify.Notice
		want   string
	}{
		{"kind and description", errnotify.Notice{Kind: "late", Description: "callback late"},
			"late: callback late"},
		{"no kind", errnotify.Notice{Description: "callback late"}, "callback late"},
		{"newlines and tabs", errnotify.Notice{Description: "line one\nline two\r\n\tend"},
			"line one line two end"},
		{"non-ASCII", errnotify.Notice{Description: "Évaluation échouée 😀"},
			"?valuation ?chou?e ?"},
		{"empty", errnotify.Notice{}, "failure notice"},
		{"only spaces", errnotify.Notice{Description: " \n\t "}, "failure notice"},
		// SNS wants the first character a letter, digit or punctuation
		// mark; $ + < = > ^ ` | ~ are symbols.
		{"starts with a symbol", errnotify.Notice{Description: "<nil> returned"},
			"nil> returned"},
		{"starts with symbols and a space", errnotify.Notice{Description: "$ + ok"}, "ok"},
		{"only symbols", errnotify.Notice{Description: "$+<=>^`|~"}, "failure notice"},
		{"long", errnotify.Notice{Kind: "late", Description: strings.Repeat("word ", 40)},
			"late: " + strings.TrimSpace(strings.Repeat("word ", 18)) + "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &recordingSNS{}
			require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(), tt.notice))
			got := aws.ToString(fake.only(t).Subject)
			assert.Equal(t, tt.want, got)
			assert.Less(t, len(got), 100)
			first := rune(got[0])
			assert.True(t, unicode.IsLetter(first) || unicode.IsDigit(first) ||
				unicode.IsPunct(first), "first character %q", first)
			for _, r := range got {
				assert.True(t, r >= 0x20 && r <= 0x7e, "printable ASCII: %q", r)
			}
		})
	}
}

func TestFIFO(t *testing.T) {
	const fifo = "arn:aws:sns:eu-west-1:123456789012:failures.fifo"
	publish := func(t *testing.T, topic string, notice errnotify.Notice) (string, string) {
		t.Helper()
		fake := &recordingSNS{}
		notice.Description = "d"
		notice.Time = noticeTime
		require.NoError(t, errnotify.New(fake, topic).Notify(t.Context(), notice))
		in := fake.only(t)
		return aws.ToString(in.MessageGroupId), aws.ToString(in.MessageDeduplicationId)
	}

	t.Run("standard topic has no ids", func(t *testing.T) {
		group, dedup := publish(t, topicARN, errnotify.Notice{Reference: "VAL-1"})
		assert.Empty(t, group)
		assert.Empty(t, dedup)
	})
	t.Run("group is the reference, else the execution, else the source", func(t *testing.T) {
		group, _ := publish(t, fifo, errnotify.Notice{Reference: "VAL-1",
			ExecutionARN: executionARN})
		assert.Equal(t, "VAL-1", group)
		group, _ = publish(t, fifo, errnotify.Notice{ExecutionARN: executionARN})
		assert.Equal(t, executionARN, group)
		group, _ = publish(t, fifo, errnotify.Notice{})
		assert.Equal(t, errnotify.DefaultSource, group)
	})
	t.Run("group id SNS would refuse becomes a hash", func(t *testing.T) {
		for _, ref := range []string{strings.Repeat("r", 129), "has space", "ünïcode"} {
			group, _ := publish(t, fifo, errnotify.Notice{Reference: ref})
			assert.Regexp(t, `^[0-9a-f]{64}$`, group)
		}
	})
	t.Run("dedup id is stable for the same notice and differs otherwise", func(t *testing.T) {
		base := errnotify.Notice{Kind: "late", Reference: "VAL-1", ExecutionARN: executionARN}
		_, a := publish(t, fifo, base)
		_, b := publish(t, fifo, base)
		assert.Equal(t, a, b)
		assert.Regexp(t, `^[0-9a-f]{64}$`, a)
		other := base
		other.Kind = "duplicate"
		_, c := publish(t, fifo, other)
		assert.NotEqual(t, a, c)
	})
	// Two different failures of one reference at one time (a caller that
	// passes a record's time) are two notices, not one delivered twice.
	t.Run("dedup id differs by error and token", func(t *testing.T) {
		base := errnotify.Notice{Kind: "late", Reference: "VAL-1", Token: token,
			Err: errors.New("attempt 1 late")}
		_, a := publish(t, fifo, base)
		byErr, byToken := base, base
		byErr.Err = errors.New("attempt 2 late")
		byToken.Token = token + "2"
		_, b := publish(t, fifo, byErr)
		_, c := publish(t, fifo, byToken)
		assert.NotEqual(t, a, b)
		assert.NotEqual(t, a, c)
	})
}
