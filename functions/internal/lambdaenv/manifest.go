package lambdaenv

import "slices"

// Var is an environment variable a function reads. The CDK sets on each
// function exactly the variables its manifest entry names, read from the
// contract, so a function never gets (or needs) another's settings.
type Var string

// The settings the functions read.
const (
	TableName            Var = "TABLE_NAME"
	ResultsBucket        Var = "RESULTS_BUCKET"
	ReportsBucket        Var = "REPORTS_BUCKET"
	KMSKeyID             Var = "KMS_KEY_ID"
	UserPoolID           Var = "USER_POOL_ID"
	UserPoolClientID     Var = "USER_POOL_CLIENT_ID"
	StateMachineARN      Var = "STATE_MACHINE_ARN"
	PlatformPrincipalARN Var = "PLATFORM_PRINCIPAL_ARN"
	SPAOrigin            Var = "SPA_ORIGIN"
	LogLevel             Var = "LOG_LEVEL"
	AuditRetentionDays   Var = "AUDIT_RETENTION_DAYS"
	// The bounds on work (tasks.Limits): pending and running tasks per
	// user and per workspace, units per task. Unset: the defaults.
	TasksPerUser      Var = "TASKS_PER_USER"
	TasksPerWorkspace Var = "TASKS_PER_WORKSPACE"
	UnitsPerTask      Var = "UNITS_PER_TASK"
	// JobsFunction is the jobs function's name: the functions that start
	// exports and rebuilds invoke it asynchronously.
	JobsFunction Var = "JOBS_FUNCTION"
	// The Scheduler group saved schedules live in, the role they run as
	// and their target (the schedule-run function).
	ScheduleGroup     Var = "SCHEDULE_GROUP"
	SchedulerRoleARN  Var = "SCHEDULER_ROLE_ARN"
	ScheduleTargetARN Var = "SCHEDULE_TARGET_ARN"
	// NotifyQueueURL is the queue of notification deliveries; MailFrom the
	// SES identity e-mail channels send as (unset: no e-mail).
	NotifyQueueURL Var = "NOTIFY_QUEUE_URL"
	MailFrom       Var = "MAIL_FROM"
	// APIFunctions maps each API function of the route table to its
	// deployed name, as JSON: an approved call replays through its route's.
	APIFunctions Var = "API_FUNCTIONS"
	// ScanUnitFunction is the scan-unit function's name: credential
	// validation asks it for a dry run of the scan's read actions.
	ScanUnitFunction Var = "SCAN_UNIT_FUNCTION"
)

// Kind says how a function is invoked.
type Kind string

// Kinds of function.
const (
	KindAPI        Kind = "api"        // API Gateway proxy: serves routes
	KindAuthorizer Kind = "authorizer" // API Gateway token authorizer
	KindWorkflow   Kind = "workflow"   // a state of the scan-task state machine
	KindEvent      Kind = "event"      // EventBridge (rules or Scheduler)
	KindWorker     Kind = "worker"     // invoked asynchronously by another function
	KindQueue      Kind = "queue"      // fed by an SQS queue
)

// Function is one Lambda: what it needs from its environment and which
// files are shipped beside its binary.
type Function struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Env must be set; Optional may be.
	Env      []Var `json:"env"`
	Optional []Var `json:"optionalEnv"`
	// Files are built into the function's folder beside bootstrap by
	// `make build` (the contract's routes for the authorizer, the API
	// description for the function that serves it).
	Files []string `json:"files"`
}

// Files shipped beside a binary.
const (
	ContractFile = "contract.json"
	OpenAPIFile  = "openapi.json"
)

// api is what every API function may read besides its own needs.
var api = []Var{LogLevel, SPAOrigin, AuditRetentionDays}

// Functions is every Lambda of the product. A function's main loads its
// entry (MustLoad) and the contract lists them for the CDK.
var Functions = []Function{
	{Name: "authorizer", Kind: KindAuthorizer, Env: []Var{TableName, UserPoolID, UserPoolClientID}, Optional: []Var{LogLevel},
		Files: []string{ContractFile}},
	// auth publishes security alerts (a sign-in closed by failures).
	{Name: "auth", Kind: KindAPI, Env: []Var{TableName, UserPoolID, UserPoolClientID, NotifyQueueURL}, Optional: api, Files: []string{OpenAPIFile}},
	{Name: "users", Kind: KindAPI, Env: []Var{TableName, UserPoolID, UserPoolClientID}, Optional: api},
	// The platform principal is asked of STS when it is not set.
	// It validates through scan-unit's dry run of the read actions.
	{Name: "credentials", Kind: KindAPI, Env: []Var{TableName, KMSKeyID, ResultsBucket, ScanUnitFunction}, Optional: append([]Var{PlatformPrincipalARN}, api...)},
	// tasks serves the schedule routes too: run-now takes the task path.
	{Name: "tasks", Kind: KindAPI, Env: []Var{TableName, ResultsBucket, StateMachineARN, JobsFunction,
		ScheduleGroup, SchedulerRoleARN, ScheduleTargetARN, NotifyQueueURL}, Optional: append([]Var{TasksPerUser, TasksPerWorkspace, UnitsPerTask}, api...)},
	{Name: "reports", Kind: KindAPI, Env: []Var{TableName, ResultsBucket, ReportsBucket, JobsFunction}, Optional: api},
	// admin serves the approvals: it replays approved calls through their
	// route's function, found in the contract it ships with.
	{Name: "admin", Kind: KindAPI, Env: []Var{TableName, JobsFunction, APIFunctions}, Optional: api, Files: []string{ContractFile}},
	{Name: "scan-plan", Kind: KindWorkflow, Env: []Var{TableName, ResultsBucket}, Optional: []Var{LogLevel}},
	// scan-unit shares the platform principal's role with credentials,
	// so it is told its own name too (the role may invoke it).
	{Name: "scan-unit", Kind: KindWorkflow, Env: []Var{TableName, ResultsBucket, KMSKeyID}, Optional: []Var{LogLevel, PlatformPrincipalARN, ScanUnitFunction}},
	// report-build and task-events publish changes and task ends; the
	// console's origin makes the links in messages.
	{Name: "report-build", Kind: KindWorkflow, Env: []Var{TableName, ResultsBucket, ReportsBucket, NotifyQueueURL}, Optional: []Var{LogLevel, SPAOrigin}},
	{Name: "notifications", Kind: KindAPI, Env: []Var{TableName, KMSKeyID}, Optional: append([]Var{MailFrom}, api...)},
	{Name: "notifier", Kind: KindQueue, Env: []Var{TableName, KMSKeyID, NotifyQueueURL}, Optional: []Var{LogLevel, MailFrom}},
	// Exports and rebuilds, too big or too slow for a synchronous answer.
	// jobs also runs the housekeeping: the security monitor publishes its
	// alerts.
	{Name: "jobs", Kind: KindWorker, Env: []Var{TableName, ResultsBucket, ReportsBucket, NotifyQueueURL}, Optional: []Var{LogLevel}},
	{Name: "task-events", Kind: KindEvent, Env: []Var{TableName, NotifyQueueURL}, Optional: []Var{LogLevel, SPAOrigin}},
	{Name: "schedule-run", Kind: KindEvent, Env: []Var{TableName, ResultsBucket, StateMachineARN, NotifyQueueURL},
		Optional: []Var{LogLevel, AuditRetentionDays, SPAOrigin}},
}

// Lookup finds a function's entry.
func Lookup(name string) (Function, bool) {
	i := slices.IndexFunc(Functions, func(f Function) bool { return f.Name == name })
	if i < 0 {
		return Function{}, false
	}
	return Functions[i], true
}

// reads reports whether the function may read v.
func (f Function) reads(v Var) bool {
	return slices.Contains(f.Env, v) || slices.Contains(f.Optional, v)
}
