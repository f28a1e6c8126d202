package scenario

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tasktoken/tasktoken/examples/loanvaluation/mockservice"
)

func TestNoticeWatchFilesNoticesByApplication(t *testing.T) {
	w := newNoticeWatch(nil, "")
	w.add(`{"kind":"late","reference":"LOAN-late-1a2b-V0123456789ab"}`)
	w.add(`{"kind":"unknown_reference","reference":"LOAN-x-1a2b-V0123456789ab-unknown"}`)
	w.add(`{"kind":"timeout","extra":{"applicationId":"LOAN-late-1a2b"}}`)
	w.add(`{"kind":"timeout"}`)
	w.add(`not a notice`)

	assert.Equal(t, []string{"late", "timeout"}, w.kinds("LOAN-late-1a2b"), "sorted")
	assert.Equal(t, []string{"unknown_reference"}, w.kinds("LOAN-x-1a2b"))
	assert.Empty(t, w.kinds("LOAN-other"))
	assert.Len(t, w.strange, 2, "notices of no application are kept apart")
}

func TestCallbackAnswers(t *testing.T) {
	got := callbackAnswers([]mockservice.Delivery{
		{Status: 200, Answer: `{"status":"succeeded","reference":"R","message":"done"}`},
		{Status: 200, Answer: `{"status":"succeeded","replayed":true}`},
		{Status: 409, Answer: `{"status":"duplicate"}`},
		{Err: errors.New("invoke failed")},
	})
	assert.Equal(t, []string{"200 succeeded", "200 succeeded (replayed)", "409 duplicate",
		"error: invoke failed"}, got)
	assert.Nil(t, callbackAnswers(nil))
}
