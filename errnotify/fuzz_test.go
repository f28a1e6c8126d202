package errnotify_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/errnotify"
)

// FuzzNotify checks, for any texts and any size cap, that a notice is either
// published as valid JSON within the cap, without the token, with at most
// ten attributes and a valid subject, or refused with ErrTooLarge.
func FuzzNotify(f *testing.F) {
	f.Add("late callback", "task is late", "VAL-1", "dump", 0, 1)
	f.Add("é→😀\n", strings.Repeat("x\"\\\x00", 1000), "", "", 2048, 3)
	f.Add(strings.Repeat("ü", 70000), strings.Repeat("a", 200000), "r", "k", 0, 100)
	f.Add("d", "e", "r", "k", 300, 0)
	f.Fuzz(func(t *testing.T, desc, cause, ref, key string, maxBytes, copies int) {
		copies = min(max(copies, 0), 200)
		text := func(s string) string { return s + strings.Repeat(token+s, copies) }
		// The same text again as JSON another encoder wrote: "\/" for '/'.
		raw, _ := json.Marshal(text(key))
		raw = bytes.ReplaceAll(raw, []byte("/"), []byte(`\/`))
		fake := &recordingSNS{}
		n := errnotify.New(fake, "arn:aws:sns:eu-west-1:123456789012:f.fifo",
			func(o *errnotify.Options) { o.MaxBytes = maxBytes })
		err := n.Notify(t.Context(), errnotify.Notice{Description: text(desc),
			Err: errors.New(text(cause)), Reference: ref, Token: token, Kind: key,
			Extra: map[string]any{key: text(key), "raw": json.RawMessage(raw)}})
		if err != nil {
			require.ErrorIs(t, err, errnotify.ErrTooLarge)
			require.Empty(t, fake.inputs)
			require.NotContains(t, err.Error(), token)
			return
		}
		in := fake.only(t)
		limit := errnotify.MaxMessageBytes
		if maxBytes > 0 && maxBytes < limit {
			limit = maxBytes
		}
		assert.LessOrEqual(t, publishedSize(in), limit)
		assert.True(t, json.Valid([]byte(aws.ToString(in.Message))))
		assert.LessOrEqual(t, len(in.MessageAttributes), errnotify.MaxAttributes)
		assert.NotContains(t, everything(in), token)
		subject := aws.ToString(in.Subject)
		assert.True(t, len(subject) > 0 && len(subject) < 100 && utf8.ValidString(subject))
		assert.NotContains(t, subject, "\n")
		first := rune(subject[0])
		assert.True(t, unicode.IsLetter(first) || unicode.IsDigit(first) ||
			unicode.IsPunct(first), "subject starts with %q", first)
	})
}

func TestNotifyConcurrent(t *testing.T) {
	fake := &recordingSNS{}
	n := errnotify.New(fake, topicARN)
	ctx := invocation(t)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			assert.NoError(t, n.Notify(ctx, errnotify.Notice{Description: "d",
				Extra: map[string]any{"i": i}}))
		})
	}
	wg.Wait()
	assert.Len(t, fake.inputs, 20)
}
