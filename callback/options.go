package callback

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/tasktoken/tasktoken/errnotify"
	"github.com/tasktoken/tasktoken/tokenstore"
)

// Notifier publishes a notice about a closed-task error. *errnotify.Notifier
// satisfies it.
type Notifier interface {
	Notify(ctx context.Context, n errnotify.Notice) error
}

// Defaults used where an [Options] field is zero.
const (
	DefaultLease        = 30 * time.Second
	DefaultMaxAttempts  = 5
	DefaultMaxBackoff   = 2 * time.Second
	DefaultPollInterval = 50 * time.Millisecond
	// DefaultRememberTokens is how many raw tokens a Client remembers having
	// completed, to tell a duplicate from a late callback.
	DefaultRememberTokens = 4096
)

// Options configure a [Client]. The zero value is valid: no store (only the
// raw-token methods work), no notifications, no logging.
type Options struct {
	// Store holds the tokens redeemed by reference. Default nil: the
	// by-reference methods return [ErrNotConfigured], as they do for a nil
	// store of a concrete type (a nil *memstore.Store).
	Store tokenstore.Store

	// Notifier, if set, is sent a notice for every closed-task error (see
	// "The closed-task hook" in the package docs). A failed Notify is joined
	// with the original error, never replaces it. Default nil.
	Notifier Notifier
	// OnClosedTask, if set, is called with every closed-task error before
	// the Notifier. Default nil.
	OnClosedTask func(ctx context.Context, err *Error)
	// Logger, if set, receives one line per closed-task error, with the
	// token's fingerprint and never the token. Default nil: silent.
	Logger *slog.Logger

	// Lease is how long a by-reference redeem holds its claim. Default
	// [DefaultLease].
	Lease time.Duration
	// WaitForReference is how long a by-reference call waits for a
	// reference that is not stored yet (a fast callback racing the save),
	// polling every PollInterval. Default 0: no wait.
	WaitForReference time.Duration
	// PollInterval is the pause between looks while waiting for a
	// reference. Default [DefaultPollInterval].
	PollInterval time.Duration

	// MaxAttempts bounds the attempts of one send, retries included.
	// Default [DefaultMaxAttempts].
	MaxAttempts int
	// MaxBackoff caps the jittered pause between attempts. Default
	// [DefaultMaxBackoff].
	MaxBackoff time.Duration
	// Backoff, if set, replaces the SDK's exponential jitter backoff (tests
	// set a short one). Default nil.
	Backoff retry.BackoffDelayer

	// RememberTokens is how many raw tokens the client remembers having
	// completed, so that TaskTimedOut for one of them is [ErrDuplicate]
	// rather than [ErrLate]. Default [DefaultRememberTokens]; negative
	// turns the memory off.
	RememberTokens int

	// Clock returns the current time. Default time.Now.
	Clock func() time.Time
}

// withDefaults returns o with every zero field set to its default.
func (o Options) withDefaults() Options {
	if o.Lease <= 0 {
		o.Lease = DefaultLease
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = DefaultMaxBackoff
	}
	if o.RememberTokens == 0 {
		o.RememberTokens = DefaultRememberTokens
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

// Client completes Step Functions tasks by raw token or by reference. It is
// safe for concurrent use.
type Client struct {
	api              API
	options          Options
	memory           *completions
	sendRetryer      aws.RetryerV2
	heartbeatRetryer aws.RetryerV2
}

// New returns a Client sending through client, configured by optFns. It
// does no I/O.
func New(client API, optFns ...func(*Options)) *Client {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	o = o.withDefaults()
	return &Client{
		api:              client,
		options:          o,
		memory:           newCompletions(o.RememberTokens),
		sendRetryer:      newRetryer(o, false),
		heartbeatRetryer: newRetryer(o, true),
	}
}

// Options returns a copy of the client's options, defaults filled in; for
// a nil *Client, the defaults.
func (c *Client) Options() Options {
	if c == nil {
		return Options{}.withDefaults()
	}
	return c.options
}
