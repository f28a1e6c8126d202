package callback

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

// API is the part of the Step Functions client that [Client] calls. It has
// the exact signatures of [*sfn.Client], which satisfies it; so does the
// fake in package callbacktest.
type API interface {
	SendTaskSuccess(ctx context.Context, params *sfn.SendTaskSuccessInput,
		optFns ...func(*sfn.Options)) (*sfn.SendTaskSuccessOutput, error)
	SendTaskFailure(ctx context.Context, params *sfn.SendTaskFailureInput,
		optFns ...func(*sfn.Options)) (*sfn.SendTaskFailureOutput, error)
	SendTaskHeartbeat(ctx context.Context, params *sfn.SendTaskHeartbeatInput,
		optFns ...func(*sfn.Options)) (*sfn.SendTaskHeartbeatOutput, error)
}
