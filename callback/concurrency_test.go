package callback_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/callback"
	"github.com/tasktoken/tasktoken/callback/callbacktest"
	"github.com/tasktoken/tasktoken/tokenstore"
	"github.com/tasktoken/tasktoken/tokenstore/memstore"
)

func TestK03FiftyConcurrentDeliveries(t *testing.T) {
	ctx := context.Background()
	fake := callbacktest.New()
	store := memstore.New()
	token := fake.StartTask()
	_, err := store.Save(ctx, tokenstore.Record{Reference: "order-3", Token: token,
		Deadline: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	c := newTestClient(t, fake, func(o *callback.Options) { o.Store = store })

	errs := make([]error, 50)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range errs {
		wg.Go(func() {
			<-start
			errs[i] = c.SucceedReference(ctx, "order-3", map[string]int{"delivery": i})
		})
	}
	close(start)
	wg.Wait()

	assert.Equal(t, 1, countOps(fake.Calls(), callbacktest.OpSendTaskSuccess),
		"exactly one SendTaskSuccess reached Step Functions")
	succeeded := 0
	for _, err := range errs {
		switch {
		case err == nil:
			succeeded++
		case errors.Is(err, callback.ErrDuplicate), errors.Is(err, callback.ErrInFlight):
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	assert.Equal(t, 1, succeeded)
	task, _ := fake.Task(token)
	assert.Equal(t, callbacktest.StatusSucceeded, task.Status)
}
