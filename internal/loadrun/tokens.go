package loadrun

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"golang.org/x/sync/errgroup"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// message is the body the waiting state sends to the queue.
type message struct {
	Token     string `json:"token"`
	Reference string `json:"reference"`
}

// start starts one execution per reference, Concurrency at a time.
func (r *run) start(ctx context.Context) error {
	r.refs = make([]*reference, r.o.Executions)
	for i := range r.refs {
		r.refs[i] = &reference{name: fmt.Sprintf("REF-%05d", i)}
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(r.o.Concurrency)
	for _, ref := range r.refs {
		g.Go(func() error {
			input, _ := json.Marshal(map[string]string{"reference": ref.name})
			ref.started = time.Now()
			out, err := r.sfn.StartExecution(ctx, &sfn.StartExecutionInput{
				StateMachineArn: aws.String(r.machineARN), Input: aws.String(string(input))})
			if err != nil {
				return fmt.Errorf("loadrun: start execution for %s: %w", ref.name, err)
			}
			ref.executionARN = aws.ToString(out.ExecutionArn)
			return nil
		})
	}
	return g.Wait()
}

// collect reads the tokens from the queue and saves each under its
// reference, Concurrency saves at a time, until every reference has one.
func (r *run) collect(ctx context.Context, store *tokenstore.DynamoStore) error {
	byName := make(map[string]*reference, len(r.refs))
	for _, ref := range r.refs {
		byName[ref.name] = ref
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(r.o.Concurrency)
	for missing := len(r.refs); missing > 0; {
		msgs, err := r.receive(ctx)
		if err != nil {
			_ = g.Wait()
			return err
		}
		for _, m := range msgs {
			ref := byName[m.Reference]
			if ref == nil || ref.token != "" {
				continue // not ours, or a repeated message
			}
			ref.token = m.Token
			missing--
			g.Go(func() error { return r.save(ctx, store, ref) })
		}
	}
	return g.Wait()
}

// receive returns the next messages on the queue, deleting them.
func (r *run) receive(ctx context.Context) ([]message, error) {
	out, err := r.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(r.queueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
	if err != nil {
		return nil, fmt.Errorf("loadrun: receive tokens: %w", err)
	}
	if len(out.Messages) == 0 {
		return nil, nil
	}
	msgs := make([]message, 0, len(out.Messages))
	entries := make([]sqstypes.DeleteMessageBatchRequestEntry, 0, len(out.Messages))
	for i, m := range out.Messages {
		var body message
		if err := json.Unmarshal([]byte(aws.ToString(m.Body)), &body); err != nil {
			return nil, fmt.Errorf("loadrun: message %s is not a token message: %w",
				aws.ToString(m.MessageId), err)
		}
		msgs = append(msgs, body)
		entries = append(entries, sqstypes.DeleteMessageBatchRequestEntry{
			Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle})
	}
	_, err = r.sqs.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{
		QueueUrl: aws.String(r.queueURL), Entries: entries})
	if err != nil {
		return nil, fmt.Errorf("loadrun: delete token messages: %w", err)
	}
	return msgs, nil
}

// save stores the reference's token with what the run knows of its
// waiting state, timing the store's Save.
func (r *run) save(ctx context.Context, store *tokenstore.DynamoStore, ref *reference) error {
	rec := tokenstore.Record{
		Reference:       ref.name,
		Token:           ref.token,
		ExecutionARN:    ref.executionARN,
		StateMachineARN: r.machineARN,
		StateName:       StateName,
		Deadline:        ref.started.Add(r.stateTimeout()),
	}
	start := time.Now()
	_, err := store.Save(ctx, rec)
	ref.saveTime = time.Since(start)
	if err != nil {
		return fmt.Errorf("loadrun: save token of %s: %w", ref.name, err)
	}
	return nil
}
