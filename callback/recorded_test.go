package callback_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/internal/enginetest"
)

// recordedAnswer is one HTTP answer of Step Functions over its JSON
// protocol (x-amz-json-1.0), as recorded from the service; cut drops the
// connection after reading the request instead of answering.
type recordedAnswer struct {
	status int
	body   string
	cut    bool
}

func awsError(code, message string) recordedAnswer {
	return recordedAnswer{status: 400, body: `{"__type":"com.amazonaws.swf.service.v2.model#` +
		code + `","message":"` + message + `"}`}
}

var (
	answerOK           = recordedAnswer{status: 200, body: `{}`}
	answerCut          = recordedAnswer{cut: true}
	answerInvalidToken = awsError("InvalidToken", "Invalid Token: 'Invalid token'")
	answerNoTask       = awsError("TaskDoesNotExist", "Task does not exist anymore")
	answerTimedOut     = awsError("TaskTimedOut",
		"Task Timed Out: 'Provided task does not exist anymore'")
	answerBadOutput    = awsError("InvalidOutput", "Invalid Output: 'Cannot parse output'")
	answerKMSDenied    = awsError("KmsAccessDeniedException", "User is not authorized to use key")
	answerKMSState     = awsError("KmsInvalidStateException", "Key is disabled")
	answerKMSThrottled = awsError("KmsThrottlingException", "Rate exceeded")
	answerThrottled    = awsError("ThrottlingException", "Rate exceeded")
	answerUnknown      = awsError("SomethingNewException", "Nobody knows")
	answerFault        = recordedAnswer{status: 500,
		body: `{"__type":"InternalFailure","message":"internal error"}`}
)

// recordedServer plays answers in order (the last one repeats) and counts
// the requests it read.
type recordedServer struct {
	*httptest.Server
	mu       sync.Mutex
	answers  []recordedAnswer
	requests int
	targets  []string
}

func newRecordedServer(t testing.TB, answers ...recordedAnswer) *recordedServer {
	t.Helper()
	s := &recordedServer{answers: answers}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *recordedServer) serve(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	a := s.answers[min(s.requests, len(s.answers)-1)]
	s.requests++
	s.targets = append(s.targets, r.Header.Get("X-Amz-Target"))
	s.mu.Unlock()
	if a.cut {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-Requestid", "req-1234")
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

func (s *recordedServer) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// sfnClient returns a real Step Functions client aimed at url.
func sfnClient(url string) *sfn.Client {
	return sfn.NewFromConfig(enginetest.ConfigFor(url))
}

func TestK04RecordedResponses(t *testing.T) {
	cases := []struct {
		name     string
		answers  []recordedAnswer
		kind     error
		code     string
		requests int
	}{
		{"InvalidToken", []recordedAnswer{answerInvalidToken}, callback.ErrInvalidToken,
			"InvalidToken", 1},
		{"TaskDoesNotExist", []recordedAnswer{answerNoTask}, callback.ErrTaskNotFound,
			"TaskDoesNotExist", 1},
		{"TaskTimedOut", []recordedAnswer{answerTimedOut}, callback.ErrLate, "TaskTimedOut", 1},
		{"InvalidOutput", []recordedAnswer{answerBadOutput}, callback.ErrInvalidOutput,
			"InvalidOutput", 1},
		{"KmsAccessDenied", []recordedAnswer{answerKMSDenied}, callback.ErrSendFailed,
			"KmsAccessDeniedException", 1},
		{"KmsInvalidState", []recordedAnswer{answerKMSState}, callback.ErrSendFailed,
			"KmsInvalidStateException", 1},
		{"KmsThrottling then success", []recordedAnswer{answerKMSThrottled, answerOK}, nil, "", 2},
		{"Throttling then success", []recordedAnswer{answerThrottled, answerThrottled, answerOK},
			nil, "", 3},
		{"Throttling throughout", []recordedAnswer{answerThrottled}, callback.ErrSendFailed,
			"ThrottlingException", 3},
		{"unknown code", []recordedAnswer{answerUnknown}, callback.ErrSendFailed,
			"SomethingNewException", 1},
		{"fault then success", []recordedAnswer{answerFault, answerOK}, nil, "", 2},
		{"fault then TaskTimedOut", []recordedAnswer{answerFault, answerTimedOut},
			callback.ErrOutcomeUnknown, "TaskTimedOut", 2},
		{"connection cut after the request", []recordedAnswer{answerCut},
			callback.ErrOutcomeUnknown, "", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecordedServer(t, tc.answers...)
			c := newTestClient(t, sfnClient(srv.URL), func(o *callback.Options) {
				o.MaxAttempts = 3
			})

			err := c.Succeed(context.Background(), validToken, map[string]string{"ok": "yes"})

			assert.Equal(t, tc.requests, srv.Requests(), "requests that reached the service")
			if tc.kind == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.kind)
			var ce *callback.Error
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.code, ce.AWSCode)
			if tc.code != "" {
				assert.Equal(t, "req-1234", ce.RequestID)
			}
			if tc.kind != callback.ErrLate {
				assert.NotErrorIs(t, err, callback.ErrTaskClosed)
			}
			assert.NotContains(t, err.Error(), validToken)
		})
	}
}

func TestRecordedTaskTimedOutIsTyped(t *testing.T) {
	srv := newRecordedServer(t, answerTimedOut)
	c := newTestClient(t, sfnClient(srv.URL))

	err := c.Fail(context.Background(), validToken, "E", "cause")

	require.ErrorIs(t, err, callback.ErrLate)
	require.ErrorAs(t, err, new(*types.TaskTimedOut))
}

func TestRecordedHeartbeatRetriesCutConnection(t *testing.T) {
	srv := newRecordedServer(t, answerCut, answerOK)
	c := newTestClient(t, sfnClient(srv.URL))

	require.NoError(t, c.Heartbeat(context.Background(), validToken),
		"a heartbeat is idempotent, so a cut connection is retried")
	assert.Equal(t, 2, srv.Requests())
}

// validToken has the shape of a Step Functions token.
const validToken = "AQCEAAAAKgAAAAMAAAAAAAAAAcFRvbVJzZXJ2aWNlVG9rZW5Gb3JUZXN0c09ubHk" +
	"xMjM0NTY3ODkwYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo="
