package mockservice

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// RequestPath is where the service accepts valuation requests (POST).
const RequestPath = "/valuations"

// Webhook delivers a signed callback body to the webhook and returns what
// it answered: the HTTP status and the response body.
type Webhook func(ctx context.Context, body []byte, signature string) (
	status int, answer string, err error)

// Options configure a [Service].
type Options struct {
	// Secret signs every callback. Required for callbacks to verify.
	Secret []byte
	// Delay is how long the service takes to call back. Default 200ms.
	Delay time.Duration
	// LateDelay is how long a [LateCallback] waits; choose it longer than
	// the task's timeout. Default 5s.
	LateDelay time.Duration
	// DuplicateGap is the pause between the two callbacks of a
	// [RedeliveredCallback] or [DuplicateCallback]. Default 100ms.
	DuplicateGap time.Duration
}

// Delivery is one callback the service made and what the webhook answered.
type Delivery struct {
	// Reference is the reference the callback named.
	Reference string
	// Outcome is the outcome the callback reported.
	Outcome string
	// Forged is set for a callback signed with the wrong secret.
	Forged bool
	// Status and Answer are the webhook's HTTP status and body; Err is set
	// when the delivery itself failed.
	Status int
	Answer string
	Err    error
}

// Service is the mock valuation service. It is an http.Handler; its
// callbacks run in the background until [Service.Close].
type Service struct {
	webhook Webhook
	opts    Options

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu         sync.Mutex
	requests   map[string]valuation.Request // by application ID
	deliveries map[string][]Delivery        // by application ID
	pending    map[string]int               // callbacks still to make, by application ID
}

// New returns a service that calls back through webhook.
func New(webhook Webhook, optFns ...func(*Options)) *Service {
	opts := Options{Delay: 200 * time.Millisecond, LateDelay: 5 * time.Second,
		DuplicateGap: 100 * time.Millisecond}
	for _, fn := range optFns {
		fn(&opts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{
		webhook: webhook, opts: opts, ctx: ctx, cancel: cancel,
		requests:   make(map[string]valuation.Request),
		deliveries: make(map[string][]Delivery),
		pending:    make(map[string]int),
	}
}

// ServeHTTP accepts a valuation request: POST [RequestPath] with a JSON
// [valuation.Request]. It answers 202 Accepted and calls back later.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != RequestPath {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	var req valuation.Request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil ||
		req.Reference == "" || req.ApplicationID == "" {
		http.Error(w, "a valuation request needs reference and applicationId", http.StatusBadRequest)
		return
	}
	s.accept(req)
	w.WriteHeader(http.StatusAccepted)
}

// accept records req and schedules its callbacks.
func (s *Service) accept(req valuation.Request) {
	plan := planFor(req, BehaviourFor(req.Property), s.opts)
	s.mu.Lock()
	s.requests[req.ApplicationID] = req
	s.pending[req.ApplicationID] += len(plan)
	s.mu.Unlock()
	if len(plan) == 0 {
		return
	}
	s.wg.Go(func() { s.play(req.ApplicationID, plan) })
}

// Requested reports whether the service received a request for the
// application, and the request.
func (s *Service) Requested(applicationID string) (valuation.Request, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, ok := s.requests[applicationID]
	return req, ok
}

// Deliveries returns the callbacks made so far for the application, and
// whether all its planned callbacks have been made.
func (s *Service) Deliveries(applicationID string) ([]Delivery, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, requested := s.requests[applicationID]
	done := requested && s.pending[applicationID] == 0
	return append([]Delivery(nil), s.deliveries[applicationID]...), done
}

// Close stops callbacks not yet made and waits for those under way.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
}
