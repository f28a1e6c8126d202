package mockservice_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/mockservice"
	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

var secret = []byte("test-secret")

func TestBehaviourFor(t *testing.T) {
	tests := []struct {
		nameOrNumber string
		want         mockservice.Behaviour
	}{
		{"12", mockservice.Normal},
		{"Rose Cottage", mockservice.Normal},
		{"", mockservice.Normal},
		{mockservice.PropertyNoCallback, mockservice.NoCallback},
		{"  silent lodge ", mockservice.NoCallback},
		{mockservice.PropertyLateCallback, mockservice.LateCallback},
		{mockservice.PropertyRedelivered, mockservice.RedeliveredCallback},
		{"twin gables", mockservice.DuplicateCallback},
		{"SUBSIDENCE VILLA", mockservice.FailedValuation},
		{mockservice.PropertyUnknownReference, mockservice.UnknownReference},
		{mockservice.PropertyForgedCallback, mockservice.ForgedCallback},
		{mockservice.PropertyOversized, mockservice.OversizedValuation},
	}
	for _, tt := range tests {
		t.Run(tt.nameOrNumber, func(t *testing.T) {
			got := mockservice.BehaviourFor(valuation.Property{NameOrNumber: tt.nameOrNumber})
			assert.Equal(t, tt.want, got)
		})
	}
}

// recorder is a webhook that checks signatures and keeps what it received.
type recorder struct {
	mu        sync.Mutex
	callbacks []valuation.Callback
}

func (r *recorder) deliver(_ context.Context, body []byte, signature string) (int, string, error) {
	if !valuation.Verify(secret, body, signature) {
		return http.StatusUnauthorized, "bad signature", nil
	}
	var cb valuation.Callback
	if err := json.Unmarshal(body, &cb); err != nil {
		return http.StatusBadRequest, err.Error(), nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.callbacks = append(r.callbacks, cb)
	return http.StatusOK, "ok", nil
}

func newService(t *testing.T, webhook mockservice.Webhook) *mockservice.Service {
	t.Helper()
	svc := mockservice.New(webhook, func(o *mockservice.Options) {
		o.Secret = secret
		o.Delay = time.Millisecond
		o.LateDelay = 20 * time.Millisecond
		o.DuplicateGap = time.Millisecond
	})
	t.Cleanup(svc.Close)
	return svc
}

// request posts a valuation request for a property and waits until the
// service made all its callbacks.
func request(t *testing.T, svc *mockservice.Service, nameOrNumber string) []mockservice.Delivery {
	t.Helper()
	req := valuation.Request{Reference: "APP-1-V1", ApplicationID: "APP-1",
		Property: valuation.Property{NameOrNumber: nameOrNumber, Street: "High St"}}
	body, err := json.Marshal(req)
	require.NoError(t, err)

	w := httptest.NewRecorder()
	svc.ServeHTTP(w, httptest.NewRequest(http.MethodPost, mockservice.RequestPath,
		strings.NewReader(string(body))))
	require.Equal(t, http.StatusAccepted, w.Code)

	var deliveries []mockservice.Delivery
	require.Eventually(t, func() bool {
		var done bool
		deliveries, done = svc.Deliveries("APP-1")
		return done
	}, 5*time.Second, time.Millisecond)
	return deliveries
}

func TestServiceCallsBackAsThePropertyAsks(t *testing.T) {
	tests := []struct {
		nameOrNumber string
		want         []valuation.Callback // reference and outcome only
	}{
		{"12", []valuation.Callback{{Reference: "APP-1-V1", Outcome: valuation.OutcomeValued}}},
		{mockservice.PropertyNoCallback, nil},
		{mockservice.PropertyLateCallback,
			[]valuation.Callback{{Reference: "APP-1-V1", Outcome: valuation.OutcomeValued}}},
		{mockservice.PropertyRedelivered, []valuation.Callback{
			{Reference: "APP-1-V1", Outcome: valuation.OutcomeValued},
			{Reference: "APP-1-V1", Outcome: valuation.OutcomeValued},
		}},
		{mockservice.PropertyDuplicateCallback, []valuation.Callback{
			{Reference: "APP-1-V1", Outcome: valuation.OutcomeValued},
			{Reference: "APP-1-V1", Outcome: valuation.OutcomeValued},
		}},
		{mockservice.PropertyFailedValuation,
			[]valuation.Callback{{Reference: "APP-1-V1", Outcome: valuation.OutcomeFailed}}},
		{mockservice.PropertyUnknownReference,
			[]valuation.Callback{{Reference: "APP-1-V1-unknown", Outcome: valuation.OutcomeValued}}},
		{mockservice.PropertyOversized,
			[]valuation.Callback{{Reference: "APP-1-V1", Outcome: valuation.OutcomeValued}}},
	}
	for _, tt := range tests {
		t.Run(tt.nameOrNumber, func(t *testing.T) {
			rec := &recorder{}
			svc := newService(t, rec.deliver)
			deliveries := request(t, svc, tt.nameOrNumber)

			require.Len(t, deliveries, len(tt.want))
			require.Len(t, rec.callbacks, len(tt.want))
			for i, want := range tt.want {
				got := rec.callbacks[i]
				assert.Equal(t, want.Reference, got.Reference)
				assert.Equal(t, want.Outcome, got.Outcome)
				assert.Equal(t, got.Outcome == valuation.OutcomeValued, got.Valuation != nil)
				assert.Equal(t, http.StatusOK, deliveries[i].Status, "signature verified")
				assert.Equal(t, want.Reference, deliveries[i].Reference)
			}
			for _, got := range rec.callbacks {
				big := got.Valuation != nil && len(got.Valuation.Report) > 256<<10
				assert.Equal(t, tt.nameOrNumber == mockservice.PropertyOversized, big,
					"only the oversized valuation carries a report over 256 KiB")
			}
			if len(rec.callbacks) == 2 {
				same := *rec.callbacks[0].Valuation == *rec.callbacks[1].Valuation
				assert.Equal(t, tt.nameOrNumber == mockservice.PropertyRedelivered, same,
					"a redelivery repeats the valuation; a duplicate changes it")
			}
		})
	}
}

func TestServiceForgesThenSendsTheGenuineCallback(t *testing.T) {
	rec := &recorder{}
	svc := newService(t, rec.deliver)
	deliveries := request(t, svc, mockservice.PropertyForgedCallback)

	require.Len(t, deliveries, 2)
	assert.True(t, deliveries[0].Forged)
	assert.Equal(t, http.StatusUnauthorized, deliveries[0].Status, "the forgery does not verify")
	assert.False(t, deliveries[1].Forged)
	assert.Equal(t, http.StatusOK, deliveries[1].Status)
	require.Len(t, rec.callbacks, 1, "only the genuine callback got through")
	assert.NotEqual(t, int64(9_999_999), rec.callbacks[0].Valuation.Amount)
}

func TestServiceRefusesBadRequests(t *testing.T) {
	svc := newService(t, (&recorder{}).deliver)
	tests := []struct {
		name, method, path, body string
		want                     int
	}{
		{"wrong path", http.MethodPost, "/other", `{}`, http.StatusNotFound},
		{"wrong method", http.MethodGet, mockservice.RequestPath, ``, http.StatusNotFound},
		{"not JSON", http.MethodPost, mockservice.RequestPath, `{`, http.StatusBadRequest},
		{"no reference", http.MethodPost, mockservice.RequestPath,
			`{"applicationId":"APP-2"}`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			svc.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body)))
			assert.Equal(t, tt.want, w.Code)
		})
	}
	_, requested := svc.Requested("APP-2")
	assert.False(t, requested)
}

func TestCloseCancelsPendingCallbacks(t *testing.T) {
	rec := &recorder{}
	svc := mockservice.New(rec.deliver, func(o *mockservice.Options) {
		o.Secret = secret
		o.LateDelay = time.Hour
	})
	body := `{"reference":"APP-3-V1","applicationId":"APP-3",` +
		`"property":{"nameOrNumber":"` + mockservice.PropertyLateCallback + `"}}`
	w := httptest.NewRecorder()
	svc.ServeHTTP(w, httptest.NewRequest(http.MethodPost, mockservice.RequestPath,
		strings.NewReader(body)))
	require.Equal(t, http.StatusAccepted, w.Code)

	svc.Close()
	deliveries, done := svc.Deliveries("APP-3")
	assert.True(t, done)
	require.Len(t, deliveries, 1)
	require.ErrorIs(t, deliveries[0].Err, context.Canceled)
	assert.Empty(t, rec.callbacks, "the late callback was never sent")
}
