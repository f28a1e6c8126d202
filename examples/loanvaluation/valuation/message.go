package valuation

// Application is a loan application: the input of the state machine.
type Application struct {
	// ID identifies the application, for example "APP-1042".
	ID string `json:"id"`
	// Applicant is the borrower's name.
	Applicant string `json:"applicant"`
	// Amount is the loan amount asked for, in whole pounds.
	Amount int64 `json:"amount"`
	// Property is the property the loan is secured on.
	Property Property `json:"property"`
}

// Property is the address of the property to value.
type Property struct {
	// NameOrNumber is the house name or number, for example "12" or
	// "Rose Cottage".
	NameOrNumber string `json:"nameOrNumber"`
	// Street and Postcode complete the address.
	Street   string `json:"street"`
	Postcode string `json:"postcode"`
}

// Request asks the valuation service to value a property. The service
// answers at once with 202 Accepted and calls the webhook later, naming
// Reference.
type Request struct {
	// Reference is the valuation reference the caller generated and stored
	// its task token under. The webhook callback names it.
	Reference string `json:"reference"`
	// ApplicationID is the loan application the valuation is for.
	ApplicationID string `json:"applicationId"`
	// Property is the property to value.
	Property Property `json:"property"`
}

// Outcome of a valuation, as the valuation service reports it.
const (
	// OutcomeValued means the property was valued: Valuation is set.
	OutcomeValued = "valued"
	// OutcomeFailed means the property could not be valued: Reason says why.
	OutcomeFailed = "failed"
)

// Callback is the body the valuation service posts to the webhook.
type Callback struct {
	// Reference is the valuation reference from the [Request].
	Reference string `json:"reference"`
	// Outcome is [OutcomeValued] or [OutcomeFailed].
	Outcome string `json:"outcome"`
	// Valuation is the result when Outcome is [OutcomeValued].
	Valuation *Valuation `json:"valuation,omitempty"`
	// Reason says why the valuation failed when Outcome is [OutcomeFailed].
	Reason string `json:"reason,omitempty"`
}

// Valuation is the valued amount of a property.
type Valuation struct {
	// Amount is the market value in whole pounds.
	Amount int64 `json:"amount"`
	// Surveyor names who valued the property.
	Surveyor string `json:"surveyor"`
	// Report is the surveyor's full report, when the service sends it
	// inline. A long one can make the valuation too large to be the
	// task's output (see [ErrorOutputRefused]).
	Report string `json:"report,omitempty"`
}

// ErrorValuationFailed is the error the ValuationCallback Lambda sends with
// SendTaskFailure when the service reports [OutcomeFailed]. The state
// machine catches it by this name.
const ErrorValuationFailed = "ValuationFailed"

// ErrorOutputRefused is the error the ValuationCallback Lambda's receiver
// sends with SendTaskFailure when the valuation is too large to be the
// task's output: the failure carries its size and hash instead, so the
// execution does not wait until it times out. The state machine's
// catch-all branch reports it as ValuationError.
const ErrorOutputRefused = "ValuationOutputRefused"
