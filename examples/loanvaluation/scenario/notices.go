package scenario

import (
	"context"
	"encoding/json"
	"sort"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// noticeWatch collects the notices that reach the queue subscribed to the
// error topic, by loan application.
type noticeWatch struct {
	client   *sqs.Client
	queueURL string

	mu      sync.Mutex
	byApp   map[string][]errnotify.Envelope
	strange []string // bodies that are not notices of this run
}

func newNoticeWatch(client *sqs.Client, queueURL string) *noticeWatch {
	return &noticeWatch{client: client, queueURL: queueURL,
		byApp: make(map[string][]errnotify.Envelope)}
}

// run receives notices until ctx ends.
func (w *noticeWatch) run(ctx context.Context) {
	for ctx.Err() == nil {
		out, err := w.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: &w.queueURL, MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
		})
		if err != nil {
			sleep(ctx, 200*time.Millisecond)
			continue
		}
		for _, m := range out.Messages {
			w.add(aws.ToString(m.Body))
			_, _ = w.client.DeleteMessage(ctx, &sqs.DeleteMessageInput{
				QueueUrl: &w.queueURL, ReceiptHandle: m.ReceiptHandle,
			})
		}
	}
}

// add files one message body under its application.
func (w *noticeWatch) add(body string) {
	var env errnotify.Envelope
	app := ""
	if json.Unmarshal([]byte(body), &env) == nil {
		app = applicationOf(env)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if app == "" {
		w.strange = append(w.strange, body)
		return
	}
	w.byApp[app] = append(w.byApp[app], env)
}

// applicationOf finds the loan application a notice is about: from the
// valuation reference (callback notices) or from the applicationId the
// state machine's notices carry.
func applicationOf(env errnotify.Envelope) string {
	if app, ok := valuation.ApplicationOf(env.Reference); ok {
		return app
	}
	app, _ := env.Extra["applicationId"].(string)
	return app
}

// notices returns the notices received for an application.
func (w *noticeWatch) notices(app string) []errnotify.Envelope {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]errnotify.Envelope(nil), w.byApp[app]...)
}

// kinds returns the sorted kinds of the notices received for app.
func (w *noticeWatch) kinds(app string) []string {
	var kinds []string
	for _, env := range w.notices(app) {
		kinds = append(kinds, env.Kind)
	}
	sort.Strings(kinds)
	return kinds
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
