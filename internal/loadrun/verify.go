package loadrun

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"golang.org/x/sync/errgroup"
)

// pollInterval is the pause between two looks at a running execution.
const pollInterval = 100 * time.Millisecond

// verify waits for every execution to leave RUNNING, Concurrency at a time,
// and records its status and output.
func (r *run) verify(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(r.o.Concurrency)
	for _, ref := range r.refs {
		g.Go(func() error { return r.await(ctx, ref) })
	}
	return g.Wait()
}

// await polls one execution with DescribeExecution until it has ended.
func (r *run) await(ctx context.Context, ref *reference) error {
	for {
		out, err := r.sfn.DescribeExecution(ctx, &sfn.DescribeExecutionInput{
			ExecutionArn: aws.String(ref.executionARN)})
		if err != nil {
			return fmt.Errorf("loadrun: describe execution of %s: %w", ref.name, err)
		}
		ref.status, ref.output = out.Status, aws.ToString(out.Output)
		if out.Status != sfntypes.ExecutionStatusRunning {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("loadrun: execution of %s still running: %w", ref.name, ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}
