package mockservice

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/valuation"
)

// oversizedReportBytes is the size of the inline report of
// [OversizedValuation]: over the 256 KiB a task's output may hold.
const oversizedReportBytes = 300 << 10

// step is one planned callback: wait, then send body, signed with the
// service's secret unless forged.
type step struct {
	wait     time.Duration
	callback valuation.Callback
	forged   bool
}

// planFor lists the callbacks a behaviour makes for req.
func planFor(req valuation.Request, b Behaviour, opts Options) []step {
	valued := valuation.Callback{
		Reference: req.Reference,
		Outcome:   valuation.OutcomeValued,
		Valuation: &valuation.Valuation{Amount: valueOf(req.Property), Surveyor: "Mock Surveyors Ltd"},
	}
	switch b {
	case NoCallback:
		return nil
	case LateCallback:
		return []step{{wait: opts.LateDelay, callback: valued}}
	case RedeliveredCallback:
		return []step{{wait: opts.Delay, callback: valued},
			{wait: opts.DuplicateGap, callback: valued}}
	case DuplicateCallback:
		second := valued
		second.Valuation = &valuation.Valuation{Amount: valued.Valuation.Amount - 5_000,
			Surveyor: "Second Opinion Surveyors"}
		return []step{{wait: opts.Delay, callback: valued},
			{wait: opts.DuplicateGap, callback: second}}
	case FailedValuation:
		return []step{{wait: opts.Delay, callback: valuation.Callback{
			Reference: req.Reference,
			Outcome:   valuation.OutcomeFailed,
			Reason:    "subsidence: the surveyor cannot value the property",
		}}}
	case UnknownReference:
		unknown := valued
		unknown.Reference = req.Reference + "-unknown"
		return []step{{wait: opts.Delay, callback: unknown}}
	case OversizedValuation:
		oversized := *valued.Valuation
		oversized.Report = strings.Repeat("Room by room, the survey found nothing amiss. ",
			oversizedReportBytes/47+1)
		valued.Valuation = &oversized
		return []step{{wait: opts.Delay, callback: valued}}
	case ForgedCallback:
		forged := valued
		forged.Valuation = &valuation.Valuation{Amount: 9_999_999, Surveyor: "Not A Surveyor"}
		return []step{{wait: opts.Delay, callback: forged, forged: true},
			{wait: opts.DuplicateGap, callback: valued}}
	default:
		return []step{{wait: opts.Delay, callback: valued}}
	}
}

// valueOf makes up a valuation that depends on the address only.
func valueOf(p valuation.Property) int64 {
	var sum int64
	for _, r := range p.NameOrNumber + p.Street + p.Postcode {
		sum += int64(r)
	}
	return 150_000 + sum%100*1_000
}

// play makes the planned callbacks in order, one after the other.
func (s *Service) play(applicationID string, plan []step) {
	for _, st := range plan {
		d := Delivery{Reference: st.callback.Reference, Outcome: st.callback.Outcome,
			Forged: st.forged}
		select {
		case <-s.ctx.Done():
			d.Err = s.ctx.Err()
		case <-time.After(st.wait):
			d.Status, d.Answer, d.Err = s.deliver(s.ctx, st)
		}
		s.mu.Lock()
		s.deliveries[applicationID] = append(s.deliveries[applicationID], d)
		s.pending[applicationID]--
		s.mu.Unlock()
	}
}

// forgerSecret signs forged callbacks: anything but the shared secret.
var forgerSecret = []byte("a guess at the webhook secret")

// deliver signs the step's callback and hands it to the webhook.
func (s *Service) deliver(ctx context.Context, st step) (int, string, error) {
	body, err := json.Marshal(st.callback)
	if err != nil {
		return 0, "", err
	}
	secret := s.opts.Secret
	if st.forged {
		secret = forgerSecret
	}
	return s.webhook(ctx, body, valuation.Sign(secret, body))
}
