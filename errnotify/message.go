package errnotify

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// message is a notice ready to publish.
type message struct {
	env  Envelope
	body []byte
	size int // body plus attributes, as SNS counts them
}

// message builds the PublishInput for notice: envelope, redaction,
// attributes, subject, FIFO ids, then the body cut to fit what is left of
// the size limit.
func (n *Notifier) message(ctx context.Context, notice Notice) (*sns.PublishInput, *message,
	error) {
	env, tokens := n.envelope(ctx, notice)
	newRedactor(tokens).envelope(&env)
	m := &message{env: env}

	attrs := attributes(&m.env)
	in := &sns.PublishInput{
		TopicArn:          aws.String(n.topicARN),
		Subject:           aws.String(subject(&m.env)),
		MessageAttributes: snsAttributes(attrs),
	}
	overhead := attributesSize(attrs) + len(*in.Subject)
	if isFIFO(n.topicARN) {
		in.MessageGroupId = aws.String(groupID(&m.env))
		in.MessageDeduplicationId = aws.String(deduplicationID(&m.env))
		overhead += len(*in.MessageGroupId) + len(*in.MessageDeduplicationId)
	}

	body, err := fit(&m.env, n.opts.MaxBytes-overhead)
	if err != nil {
		if e := (*Error)(nil); errors.As(err, &e) {
			e.TopicARN = n.topicARN
		}
		return nil, m, err
	}
	m.body, m.size = body, len(body)+attributesSize(attrs)
	in.Message = aws.String(string(body))
	return in, m, nil
}
