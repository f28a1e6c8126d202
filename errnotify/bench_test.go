package errnotify_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/tasktoken/tasktoken/errnotify"
)

// discardSNS accepts every message and keeps none.
type discardSNS struct{}

func (discardSNS) Publish(context.Context, *sns.PublishInput,
	...func(*sns.Options)) (*sns.PublishOutput, error) {
	return &sns.PublishOutput{}, nil
}

func benchmarkNotify(b *testing.B, notice errnotify.Notice) {
	ctx := invocation(b)
	n := errnotify.New(discardSNS{}, topicARN)
	for b.Loop() {
		if err := n.Notify(ctx, notice); err != nil {
			b.Fatal(err)
		}
	}
}

// A typical notice, built from the Step Functions and Lambda contexts.
func BenchmarkNotify(b *testing.B) {
	benchmarkNotify(b, errnotify.Notice{Description: "late callback", Kind: "late",
		Reference: "VAL-1", Token: token, Err: errors.New("callback: task is late"),
		Extra: map[string]any{"valuer": "acme"}})
}

// K18: a 300 KiB cause that must be cut to fit.
func BenchmarkNotifyLargeCause(b *testing.B) {
	cause := strings.Repeat("stack frame é→😀 at valuation.go:42\n", 300*1024/40)
	benchmarkNotify(b, errnotify.Notice{Description: "valuation failed", Kind: "send_failed",
		Reference: "VAL-1", Token: token, Err: errors.New(cause)})
}

// 3,000 Extra values of 200 bytes: too many to cut one by one, so Extra is
// left out whole after one look (cutting them one encode at a time took
// seconds).
func BenchmarkNotifyManyExtraValues(b *testing.B) {
	extra := map[string]any{}
	for i := range 3000 {
		extra[fmt.Sprintf("row-%04d", i)] = strings.Repeat("m", 200)
	}
	benchmarkNotify(b, errnotify.Notice{Description: "valuation failed", Kind: "send_failed",
		Reference: "VAL-1", Token: token, Extra: extra})
}
