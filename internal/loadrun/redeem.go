package loadrun

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/tasktoken/tasktoken/callback"
)

// Output is what a delivery sends as the task's output: the execution's
// output then names the delivery whose send landed.
type Output struct {
	Reference string `json:"reference"`
	Delivery  int    `json:"delivery"`
}

// redeem delivers each reference's callback Deliveries times at once,
// Concurrency references at a time. It fails only when ctx ends; what each
// delivery returned is judged afterwards.
func (r *run) redeem(ctx context.Context, client *callback.Client) error {
	var g errgroup.Group
	g.SetLimit(r.o.Concurrency)
	for _, ref := range r.refs {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			r.deliver(ctx, client, ref)
			return nil
		})
	}
	_ = g.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("loadrun: redeem stopped: %w", err)
	}
	return nil
}

// deliver sends the reference's callback Deliveries times, the deliveries
// released together so that they race for the claim.
func (r *run) deliver(ctx context.Context, client *callback.Client, ref *reference) {
	ref.deliveries = make([]delivery, r.o.Deliveries)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := range ref.deliveries {
		wg.Go(func() {
			<-release
			out := Output{Reference: ref.name, Delivery: i}
			start := time.Now()
			err := client.SucceedReference(ctx, ref.name, out)
			ref.deliveries[i] = delivery{err: err, latency: time.Since(start)}
		})
	}
	close(release)
	wg.Wait()
}
