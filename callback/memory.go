package callback

import (
	"sync"
	"time"

	"github.com/tasktoken/tasktoken/tokenstore"
)

// completions remembers, by token fingerprint, the raw tokens this client
// completed, oldest forgotten first. It lets a raw-token TaskTimedOut be
// told apart as a duplicate of this client's own earlier send.
type completions struct {
	mu      sync.Mutex
	max     int
	byFP    map[string]completion
	order   []string
	sending map[string]int
}

// completion is how and when a remembered token was completed, and what
// was sent: the output's hash or the error code.
type completion struct {
	outcome    tokenstore.Status
	at         time.Time
	outputHash string
	errorCode  string
}

// stored is c as the completion a record is written back with.
func (c completion) stored() tokenstore.Completion {
	return tokenstore.Completion{Outcome: c.outcome, ErrorCode: c.errorCode,
		OutputHash: c.outputHash}
}

// setPrior copies c into e as the earlier completion of a duplicate.
func (c completion) setPrior(e *Error) {
	e.Kind, e.PriorOutcome, e.PriorAt = ErrDuplicate, c.outcome, c.at
	e.PriorOutputHash, e.PriorErrorCode = c.outputHash, c.errorCode
}

func newCompletions(max int) *completions {
	if max < 0 {
		max = 0
	}
	return &completions{max: max, byFP: make(map[string]completion),
		sending: make(map[string]int)}
}

// begin notes that a success or failure for fp is being sent; end undoes
// it. A heartbeat that finds the task gone meanwhile may be racing it.
func (m *completions) begin(fp string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sending[fp]++
}

func (m *completions) end(fp string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sending[fp]--; m.sending[fp] <= 0 {
		delete(m.sending, fp)
	}
}

// closing reports whether this client is sending, or has sent, a success
// or failure for fp.
func (m *completions) closing(fp string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, done := m.byFP[fp]
	return done || m.sending[fp] > 0
}

// remember records that the token with fingerprint fp was completed.
func (m *completions) remember(fp string, c completion) {
	if m.max == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byFP[fp]; !ok {
		if len(m.order) == m.max {
			delete(m.byFP, m.order[0])
			m.order = m.order[1:]
		}
		m.order = append(m.order, fp)
	}
	m.byFP[fp] = c
}

// lookup returns the remembered completion of fp, if any.
func (m *completions) lookup(fp string) (completion, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byFP[fp]
	return c, ok
}
