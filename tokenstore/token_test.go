package tokenstore_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

// goodToken has the shape of a task token: base64 text.
const goodToken = "AQCEAAAAKgAAAAMAAAAAAAAAAbR5Qm9+kX2/ZHJvcC1zZWNyZXQ="

// unusableTokens are texts a caller may hand over as a token by mistake and
// that Step Functions would refuse, with the words the refusal uses.
var unusableTokens = []struct {
	name, token, detail string
}{
	{"empty", "", "empty token"},
	{"too long", strings.Repeat("A", tokenstore.MaxTokenBytes+1), "exceeds"},
	{"trailing newline", goodToken + "\n", "whitespace"},
	{"leading space", " " + goodToken, "whitespace"},
	{"inner tab", goodToken[:10] + "\t" + goodToken[10:], "whitespace"},
	{"quoted", `"` + goodToken + `"`, "quotes"},
	{"URL-encoded", "AQCE%2BkX2%2FZHJv%3D", "URL-encoded"},
	{"lower-case URL escape", "AQCE%2bkX2", "URL-encoded"},
	{"JSONPath placeholder", "$$.Task.Token", "placeholder"},
	{"input path placeholder", "$.taskToken", "placeholder"},
	{"JSONata placeholder", "{% $states.context.Task.Token %}", "placeholder"},
	{"non-ASCII", "AQCEé" + goodToken, "non-ASCII"},
	{"not UTF-8", "AQB4\xc3", "non-ASCII"},
	{"control character", "AQB4\x00tok", "non-printable"},
}

func TestCheckToken(t *testing.T) {
	for _, tc := range unusableTokens {
		t.Run(tc.name, func(t *testing.T) {
			err := tokenstore.CheckToken(tc.token)
			require.ErrorIs(t, err, tokenstore.ErrInvalidInput)
			var e *tokenstore.Error
			require.ErrorAs(t, err, &e)
			assert.Contains(t, e.Detail, tc.detail)
			assert.Empty(t, e.Op, "CheckToken names no operation")
			if tc.token != "" {
				assert.NotContains(t, err.Error(), tc.token, "the message shows the token")
				assert.NotContains(t, err.Error(), strings.TrimSpace(tc.token))
			}
		})
	}
	for _, good := range []string{goodToken, "A", strings.Repeat("A", tokenstore.MaxTokenBytes),
		"AQB4-token_1.x~", "AQB4$notAtStart"} {
		assert.NoError(t, tokenstore.CheckToken(good), "%d bytes", len(good))
	}
}

func TestCheckTokenMessage(t *testing.T) {
	assert.Equal(t, "tokenstore: invalid input: empty token",
		tokenstore.CheckToken("").Error())
	assert.Equal(t, "tokenstore: invalid input: token contains whitespace",
		tokenstore.CheckToken(goodToken+"\n").Error())
}

// TestSaveRefusesUnusableToken checks both stores refuse, before anything
// is written, a token Step Functions would refuse when the callback comes:
// the mistake shows at the save, not hours later as a callback that can
// never be redeemed.
func TestSaveRefusesUnusableToken(t *testing.T) {
	fake, client := newFakeDynamo(t, answerWrites)
	stores := map[string]tokenstore.Store{
		"memstore":    memstore.New(),
		"DynamoStore": tokenstore.New(client, "tokens"),
	}
	for name, store := range stores {
		for _, tc := range unusableTokens {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				rec, err := store.Save(t.Context(),
					tokenstore.Record{Reference: "VAL-1", Token: tc.token})
				assert.Nil(t, rec)
				require.ErrorIs(t, err, tokenstore.ErrInvalidInput)
				var e *tokenstore.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, "save", e.Op)
				assert.Equal(t, "VAL-1", e.Reference)
				assert.Contains(t, e.Detail, tc.detail)
				if tc.token != "" {
					assert.NotContains(t, err.Error(), tc.token)
				}
			})
		}
	}
	_, err := stores["memstore"].Get(t.Context(), "VAL-1")
	assert.ErrorIs(t, err, tokenstore.ErrNotFound, "a refused save wrote a record")
	assert.Empty(t, fake.ops(), "a refused save sent a request")
}
