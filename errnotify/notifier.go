package errnotify

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// MaxMessageBytes is the SNS limit on a message: body and message
// attributes together.
const MaxMessageBytes = 262144

// DefaultSource is the envelope's source when neither the context nor the
// notice names a Lambda function or a state machine and Options.Source is
// empty.
const DefaultSource = "tasktoken"

// SNSAPI is the part of the SNS client a [Notifier] uses. *sns.Client
// satisfies it.
type SNSAPI interface {
	Publish(ctx context.Context, params *sns.PublishInput,
		optFns ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// Options configures a [Notifier]. The zero value is valid.
type Options struct {
	// Source is the envelope's source when the context carries no Lambda
	// function ARN and no state machine ARN is known. Default:
	// [DefaultSource].
	Source string
	// Logger, if set, receives one record per notice (debug when
	// published, warn when not). Default: nil, silent. It never sees a task
	// token.
	Logger *slog.Logger
	// Now tells the time of notices that have none. Default: time.Now.
	Now func() time.Time
	// MaxBytes caps body plus message attributes. Default and maximum:
	// [MaxMessageBytes].
	MaxBytes int
}

// Notifier publishes failure notices to one SNS topic. It is safe for
// concurrent use.
type Notifier struct {
	client   SNSAPI
	topicARN string
	opts     Options
}

// New returns a Notifier publishing to topicARN through client. It does no
// I/O. A topic ARN ending in ".fifo" gets FIFO message group and
// deduplication ids.
func New(client SNSAPI, topicARN string, optFns ...func(*Options)) *Notifier {
	var o Options
	for _, fn := range optFns {
		fn(&o)
	}
	if o.Source == "" {
		o.Source = DefaultSource
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxBytes <= 0 || o.MaxBytes > MaxMessageBytes {
		o.MaxBytes = MaxMessageBytes
	}
	return &Notifier{client: client, topicARN: topicARN, opts: o}
}

// Notify publishes one notice. Fields the notice leaves empty are filled
// from the [sfnctx.Context] and the Lambda context in ctx. The raw task
// token never leaves: it is replaced by its fingerprint wherever it occurs.
// Errors match [ErrPublish], [ErrNotConfigured] or [ErrTooLarge]. A nil ctx
// stands for context.Background(), so the notice is not lost.
func (n *Notifier) Notify(ctx context.Context, notice Notice) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if n == nil || n.client == nil || n.topicARN == "" {
		r := newRedactor(secrets(ctx, notice))
		return &Error{Kind: ErrNotConfigured, NoticeKind: r.String(notice.Kind),
			Reference: r.String(notice.Reference)}
	}
	in, m, err := n.message(ctx, notice)
	if err != nil {
		n.log(ctx, slog.LevelWarn, "errnotify: notice not published", m, err)
		return err
	}
	out, err := n.client.Publish(ctx, in)
	if err != nil {
		err = &Error{TopicARN: n.topicARN, NoticeKind: m.env.Kind,
			Reference: m.env.Reference, Kind: ErrPublish, Cause: err}
		n.log(ctx, slog.LevelWarn, "errnotify: notice not published", m, err)
		return err
	}
	n.log(ctx, slog.LevelDebug, "errnotify: notice published", m, nil,
		slog.String("message_id", aws.ToString(out.MessageId)))
	return nil
}

// Report publishes a notice about err and returns err. If publishing fails
// too, it returns err joined with the publish error (errors.Join), so the
// original error is never lost or hidden: errors.Is still finds it, and
// errors.As finds the AWS error. When notice.Err is nil it is set to err.
// A nil err publishes nothing and returns nil.
func (n *Notifier) Report(ctx context.Context, err error, notice Notice) error {
	if err == nil {
		return nil
	}
	if notice.Err == nil {
		notice.Err = err
	}
	if perr := n.Notify(ctx, notice); perr != nil {
		return errors.Join(err, perr)
	}
	return err
}

// log writes one record when a logger is set. It names the notice by kind,
// reference, execution and token fingerprint, never by token.
func (n *Notifier) log(ctx context.Context, level slog.Level, msg string, m *message,
	err error, attrs ...slog.Attr) {
	if n.opts.Logger == nil {
		return
	}
	attrs = append(attrs, slog.String("topic_arn", n.topicARN))
	if m != nil {
		attrs = append(attrs, slog.String("kind", m.env.Kind),
			slog.String("reference", m.env.Reference),
			slog.String("execution_arn", m.env.ExecutionARN),
			slog.String("token_fingerprint", m.env.TokenFingerprint),
			slog.Int("bytes", m.size), slog.Any("truncated", m.env.Truncated))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	n.opts.Logger.LogAttrs(ctx, level, msg, attrs...)
}
