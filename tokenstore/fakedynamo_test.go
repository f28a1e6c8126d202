package tokenstore_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// request is one DynamoDB call as the fake received it.
type request struct {
	Op   string // UpdateItem, GetItem, ...
	Body map[string]any
}

// fakeDynamo answers DynamoDB's JSON protocol (x-amz-json-1.0) over HTTP,
// as AWS does, with the answers a test gives it, and keeps the requests.
type fakeDynamo struct {
	answer func(op string, body map[string]any) (status int, response string)

	mu       sync.Mutex
	requests []request
}

// newFakeDynamo starts a fake and returns a real SDK client talking to it.
func newFakeDynamo(
	tb testing.TB, answer func(op string, body map[string]any) (int, string),
) (*fakeDynamo, *dynamodb.Client) {
	tb.Helper()
	fake := &fakeDynamo{answer: answer}
	srv := httptest.NewServer(fake)
	tb.Cleanup(srv.Close)
	client := dynamodb.New(dynamodb.Options{
		Region:           "us-east-1",
		BaseEndpoint:     aws.String(srv.URL),
		Credentials:      credentials.NewStaticCredentialsProvider("test", "test", ""),
		HTTPClient:       srv.Client(),
		RetryMaxAttempts: 1,
	})
	return fake, client
}

func (f *fakeDynamo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_20120810.")
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, request{Op: op, Body: body})
	f.mu.Unlock()

	status, response := f.answer(op, body)
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-Requestid", "KT2LQ8D2R4HS3PMN7VB1EXAMPLEAAAAAAAAAAAAAAAAAAAAAAA")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, response)
}

// ops returns the operations received so far, in order.
func (f *fakeDynamo) ops() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	ops := make([]string, len(f.requests))
	for i, r := range f.requests {
		ops[i] = r.Op
	}
	return ops
}

// last returns the last request received.
func (f *fakeDynamo) last() request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[len(f.requests)-1]
}

// conditionFailed is DynamoDB's answer to a failed condition when the request
// asked for ReturnValuesOnConditionCheckFailure=ALL_OLD: HTTP 400 with the
// item as it stood. item is the item in DynamoDB JSON.
func conditionFailed(item string) (int, string) {
	return http.StatusBadRequest,
		`{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",` +
			`"message":"The conditional request failed","Item":` + item + `}`
}

var placeholder = regexp.MustCompile(`[#:][A-Za-z0-9_]+`)

// placeholdersUsed returns the #name and :value placeholders in the
// request's expressions, sorted.
func placeholdersUsed(body map[string]any) (names, values []string) {
	seen := map[string]bool{}
	for _, field := range []string{"UpdateExpression", "ConditionExpression"} {
		expr, _ := body[field].(string)
		for _, p := range placeholder.FindAllString(expr, -1) {
			if seen[p] {
				continue
			}
			seen[p] = true
			if p[0] == '#' {
				names = append(names, p)
			} else {
				values = append(values, p)
			}
		}
	}
	sort.Strings(names)
	sort.Strings(values)
	return names, values
}

// keysOf returns the sorted keys of a JSON object in body.
func keysOf(body map[string]any, field string) []string {
	obj, _ := body[field].(map[string]any)
	var keys []string
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
