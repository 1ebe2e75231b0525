package workflow

// Names of the Lambda functions the workflow calls. Locally they are the
// names handlers register under and the last part of the local ARNs.
const (
	FunctionScanPlan    = "scan-plan"
	FunctionScanUnit    = "scan-unit"
	FunctionReportBuild = "report-build"
	FunctionTaskEvents  = "task-events"
)

// Functions lists every function the workflow calls.
func Functions() []string {
	return []string{FunctionScanPlan, FunctionScanUnit, FunctionReportBuild, FunctionTaskEvents}
}

// DefinitionFile is the state machine's path from the root of the checkout.
const DefinitionFile = "statemachines/scan-task.asl.json"

// The DefinitionSubstitutions the definition uses; the CDK app passes
// exactly these keys.
const (
	SubstitutionScanPlanFunctionArn    = "ScanPlanFunctionArn"
	SubstitutionScanUnitFunctionArn    = "ScanUnitFunctionArn"
	SubstitutionReportBuildFunctionArn = "ReportBuildFunctionArn"
	SubstitutionTaskEventsFunctionArn  = "TaskEventsFunctionArn"
	SubstitutionMaxConcurrency         = "MaxConcurrency"
)

// DefaultMaxConcurrency bounds the units scanned at once. An inline Map
// runs at most 40 iterations at a time in AWS whatever it is given.
const DefaultMaxConcurrency = 10

// SubstitutionKey is the DefinitionSubstitutions key of a function's ARN.
func SubstitutionKey(function string) (string, bool) {
	switch function {
	case FunctionScanPlan:
		return SubstitutionScanPlanFunctionArn, true
	case FunctionScanUnit:
		return SubstitutionScanUnitFunctionArn, true
	case FunctionReportBuild:
		return SubstitutionReportBuildFunctionArn, true
	case FunctionTaskEvents:
		return SubstitutionTaskEventsFunctionArn, true
	}
	return "", false
}

// Contract is the workflow's part of the contract the CDK reads: the
// definition, and which DefinitionSubstitutions key takes which
// function's ARN and the concurrency.
type Contract struct {
	DefinitionFile        string            `json:"definitionFile"`
	FunctionArns          map[string]string `json:"functionArns"` // substitution key -> function
	MaxConcurrency        string            `json:"maxConcurrency"`
	DefaultMaxConcurrency int               `json:"defaultMaxConcurrency"`
}

// NewContract describes the workflow for the contract.
func NewContract() Contract {
	c := Contract{DefinitionFile: DefinitionFile, FunctionArns: map[string]string{},
		MaxConcurrency: SubstitutionMaxConcurrency, DefaultMaxConcurrency: DefaultMaxConcurrency}
	for _, fn := range Functions() {
		key, _ := SubstitutionKey(fn)
		c.FunctionArns[key] = fn
	}
	return c
}
