package errnotify_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/sfnctx"
)

// everything returns all the text of a PublishInput.
func everything(in *sns.PublishInput) string {
	parts := []string{aws.ToString(in.Message), aws.ToString(in.Subject),
		aws.ToString(in.MessageGroupId), aws.ToString(in.MessageDeduplicationId)}
	for name, v := range in.MessageAttributes {
		parts = append(parts, name, aws.ToString(v.StringValue))
	}
	return strings.Join(parts, "\n")
}

func TestTokenNeverPublished(t *testing.T) {
	const ctxToken = "AQCEAAAAKgAAAAMAAAAAAAAAAcontext/Token+42=="
	const quoted = `AQCEAAAA"quoted\token"AAAAAAAAAAb3Yq`
	ctx := sfnctx.NewContext(t.Context(), &sfnctx.Context{Task: sfnctx.Task{Token: ctxToken}})
	tests := []struct {
		name   string
		secret string // the token that must not appear
		notice errnotify.Notice
	}{
		{"notice token in the description", token, errnotify.Notice{Token: token,
			Kind: "late", Description: "late callback for token " + token}},
		{"notice token in the error", token, errnotify.Notice{Token: token,
			Description: "d", Err: fmt.Errorf("send task success %s: %w", token,
				errors.New("TaskTimedOut"))}},
		{"notice token in extra, key and nested value", token, errnotify.Notice{Token: token,
			Description: "d", Extra: map[string]any{
				token:     1,
				"payload": map[string]any{"taskToken": token, "list": []string{"a", token}},
			}}},
		{"notice token as reference", token, errnotify.Notice{Token: token, Description: "d",
			Reference: token}},
		{"context token in the description", ctxToken, errnotify.Notice{
			Description: "lost " + ctxToken}},
		{"context token in extra", ctxToken, errnotify.Notice{Description: "d",
			Extra: map[string]any{"event": `{"taskToken":"` + ctxToken + `"}`}}},
		{"token that JSON escapes", quoted, errnotify.Notice{Token: quoted,
			Description: "d " + quoted, Extra: map[string]any{"t": quoted}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			fake := &recordingSNS{}
			n := errnotify.New(fake, "arn:aws:sns:eu-west-1:123456789012:f.fifo",
				func(o *errnotify.Options) {
					o.Logger = slog.New(slog.NewTextHandler(&logs,
						&slog.HandlerOptions{Level: slog.LevelDebug}))
				})
			require.NoError(t, n.Notify(ctx, tt.notice))

			text := everything(fake.only(t))
			assert.NotContains(t, text, tt.secret)
			assert.NotContains(t, text, strings.ReplaceAll(tt.secret, `"`, `\"`))
			assert.Contains(t, text, sfnctx.TokenPlaceholder(tt.secret))
			assert.NotContains(t, logs.String(), tt.secret)
		})
	}
}

func TestTokenNotLeakedByCutting(t *testing.T) {
	// The cut falls somewhere in a cause full of tokens: redaction comes
	// first, so not even a prefix of a token is left at the cut.
	cause := strings.Repeat("retry with "+token+" failed; ", 300*1024/len(token))
	fake := &recordingSNS{}
	require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(),
		errnotify.Notice{Description: "d", Token: token, Err: errors.New(cause)}))
	text := everything(fake.only(t))
	assert.NotContains(t, text, token[:12])
	assert.Contains(t, fake.envelope(t).Truncated, "error")
}

func TestCallerExtraNotModified(t *testing.T) {
	extra := map[string]any{"taskToken": token, "dump": strings.Repeat("x", 300*1024)}
	fake := &recordingSNS{}
	require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(),
		errnotify.Notice{Description: "d", Token: token, Extra: extra}))
	assert.Equal(t, token, extra["taskToken"])
	assert.Len(t, extra["dump"], 300*1024)
}

func TestExtraNotEncodable(t *testing.T) {
	fake := &recordingSNS{}
	require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(),
		errnotify.Notice{Description: "d", Extra: map[string]any{"ch": make(chan int), "ok": 1}}))
	env := fake.envelope(t)
	assert.Equal(t, "[errnotify: value not encodable as JSON]", env.Extra["ch"])
	assert.Equal(t, float64(1), env.Extra["ok"])
}

// When one token is a prefix of another (the notice's and the context's),
// the longer one is replaced whole: no tail of it is left behind.
func TestOverlappingTokens(t *testing.T) {
	long := token + "TailOfTheLongerToken"
	ctx := sfnctx.NewContext(t.Context(), &sfnctx.Context{Task: sfnctx.Task{Token: long}})
	fake := &recordingSNS{}
	require.NoError(t, errnotify.New(fake, topicARN).Notify(ctx, errnotify.Notice{
		Token: token, Description: "late " + long + " and " + token,
		Extra: map[string]any{"t": long}}))
	text := everything(fake.only(t))
	assert.NotContains(t, text, "TailOfTheLongerToken")
	assert.NotContains(t, text, token)
	assert.Contains(t, text, sfnctx.TokenPlaceholder(long))
}

// A token reaches Extra in forms other than a plain string: JSON text with
// escapes encoding/json would not write, structs, slices, bytes.
func TestTokenInExtraForms(t *testing.T) {
	slashes := strings.ReplaceAll(token, "/", `\/`)
	unicode := `\u0041` + token[1:] // 'A' escaped
	type callback struct {
		TaskToken string   `json:"taskToken"`
		History   []string `json:"history"`
	}
	tests := map[string]any{
		"raw JSON, escaped slash":    json.RawMessage(`{"t":"` + slashes + `"}`),
		"raw JSON, unicode escape":   json.RawMessage(`["` + unicode + `"]`),
		"raw JSON, token as key":     json.RawMessage(`{"` + slashes + `":1}`),
		"string of escaped JSON":     `{"taskToken":"` + slashes + `"}`,
		"struct and slice":           []callback{{TaskToken: token, History: []string{token}}},
		"pointer to struct":          &callback{TaskToken: token},
		"bytes":                      []byte(token),
		"map with token keys, depth": map[string]map[string]string{token: {token: token}},
	}
	for name, value := range tests {
		t.Run(name, func(t *testing.T) {
			fake := &recordingSNS{}
			require.NoError(t, errnotify.New(fake, topicARN).Notify(t.Context(),
				errnotify.Notice{Token: token, Description: "d",
					Extra: map[string]any{"v": value}}))
			text := everything(fake.only(t))
			assert.NotContains(t, text, token[2:])
			assert.NotContains(t, text, slashes[2:])
			assert.NotContains(t, text, base64.StdEncoding.EncodeToString([]byte(token)))
			assert.Contains(t, text, sfnctx.TokenPlaceholder(token))
		})
	}
}

// The errors Notify and Report return, and the log records, never carry a
// token that the notice's kind or reference held by mistake.
func TestErrorsNeverCarryTheToken(t *testing.T) {
	notice := errnotify.Notice{Token: token, Kind: "late " + token, Reference: token,
		Description: "d"}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	withLogger := func(o *errnotify.Options) { o.Logger = logger }
	failing := errnotify.New(&recordingSNS{err: errors.New("throttled")}, topicARN, withLogger)
	tooSmall := errnotify.New(&recordingSNS{}, topicARN, withLogger,
		func(o *errnotify.Options) { o.MaxBytes = 64 })
	unconfigured := errnotify.New(nil, topicARN, withLogger)
	for name, n := range map[string]*errnotify.Notifier{"publish failed": failing,
		"too large": tooSmall, "not configured": unconfigured} {
		t.Run(name, func(t *testing.T) {
			err := n.Report(t.Context(), errors.New("original"), notice)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), token)
			var e *errnotify.Error
			require.ErrorAs(t, err, &e)
			assert.NotContains(t, e.NoticeKind+e.Reference, token)
			assert.NotContains(t, logs.String(), token)
		})
	}
}
