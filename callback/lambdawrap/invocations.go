package lambdawrap

import (
	"crypto/sha256"
	"encoding/json"
	"sync"
)

// DefaultRememberTasks is how many task tokens a worker remembers having
// handled, unless TaskOptions.RememberTasks says otherwise.
const DefaultRememberTasks = 1024

// phase is how far a remembered task got.
type phase int

const (
	// phaseRunning: the handler is running for the token.
	phaseRunning phase = iota
	// phaseUnsent: the outcome is known but could not be sent.
	phaseUnsent
	// phaseDone: the outcome was sent, or the task was found closed.
	phaseDone
)

// outcome is what the worker sends for a task.
type outcome struct {
	failed    bool
	panicked  bool
	output    json.RawMessage
	errorCode string
	cause     string
	// defaultCode is set when errorCode is TaskOptions.DefaultErrorCode
	// because the handler's error chose none.
	defaultCode bool
}

// invocation is what a worker remembers of one task token.
type invocation struct {
	phase   phase
	outcome outcome
	result  TaskResult
}

// invocations remembers, by the SHA-256 of the token, the tasks a worker
// handled, oldest forgotten first. A retried invocation (Lambda retries a
// failed asynchronous invoke with the same event) finds its task here and
// neither runs the handler again nor sends a second outcome.
type invocations struct {
	mu    sync.Mutex
	max   int
	byKey map[[sha256.Size]byte]*invocation
	order [][sha256.Size]byte
}

func newInvocations(max int) *invocations {
	if max < 0 {
		max = 0
	}
	return &invocations{max: max, byKey: make(map[[sha256.Size]byte]*invocation)}
}

// step is what a worker does for an invocation, given what it remembers.
type step int

const (
	stepRun    step = iota // a task not seen before: run the handler
	stepResend             // its outcome was not sent: send it again
	stepReplay             // done before: answer as before, send nothing
	stepBusy               // the handler is running for it right now
)

// begin decides what to do for token and marks it running when the
// handler is to run or the outcome to be resent. prior is what was
// remembered, if anything.
func (m *invocations) begin(token string) (prior invocation, next step) {
	if m.max == 0 {
		return invocation{}, stepRun
	}
	key := sha256.Sum256([]byte(token))
	m.mu.Lock()
	defer m.mu.Unlock()
	if inv, ok := m.byKey[key]; ok {
		prior = *inv
		switch inv.phase {
		case phaseUnsent:
			inv.phase = phaseRunning
			return prior, stepResend
		case phaseDone:
			return prior, stepReplay
		}
		return prior, stepBusy
	}
	if len(m.order) == m.max {
		delete(m.byKey, m.order[0])
		m.order = m.order[1:]
	}
	m.order = append(m.order, key)
	m.byKey[key] = &invocation{phase: phaseRunning}
	return invocation{}, stepRun
}

// settle records how far the task of token got. A sent outcome's output
// is dropped: only an unsent one is needed again.
func (m *invocations) settle(token string, inv invocation) {
	if m.max == 0 {
		return
	}
	if inv.phase == phaseDone {
		inv.outcome.output, inv.outcome.cause = nil, ""
	}
	key := sha256.Sum256([]byte(token))
	m.mu.Lock()
	defer m.mu.Unlock()
	if cur, ok := m.byKey[key]; ok {
		*cur = inv
	}
}

// forget drops what is remembered of token.
func (m *invocations) forget(token string) {
	if m.max == 0 {
		return
	}
	key := sha256.Sum256([]byte(token))
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.byKey, key)
	for i, k := range m.order {
		if k == key {
			m.order = append(m.order[:i], m.order[i+1:]...)
			break
		}
	}
}
