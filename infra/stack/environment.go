package stack

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/jsii-runtime-go"
)

// The environment variables the stack fills, as the functions' code names
// them (the contract lists which of them each function reads).
const (
	envTable          = "TABLE_NAME"
	envResultsBucket  = "RESULTS_BUCKET"
	envReportsBucket  = "REPORTS_BUCKET"
	envKey            = "KMS_KEY_ID"
	envUserPool       = "USER_POOL_ID"
	envUserPoolClient = "USER_POOL_CLIENT_ID"
	envStateMachine   = "STATE_MACHINE_ARN"
	envPrincipal      = "PLATFORM_PRINCIPAL_ARN"
	envSPAOrigin      = "SPA_ORIGIN"
	envLogLevel       = "LOG_LEVEL"
	envAuditRetention = "AUDIT_RETENTION_DAYS"
	envTasksPerUser   = "TASKS_PER_USER"
	envTasksPerWS     = "TASKS_PER_WORKSPACE"
	envUnitsPerTask   = "UNITS_PER_TASK"
	envJobsFunction   = "JOBS_FUNCTION"
	envAPIFunctions   = "API_FUNCTIONS"
	envScheduleGroup  = "SCHEDULE_GROUP"
	envSchedulerRole  = "SCHEDULER_ROLE_ARN"
	envScheduleTarget = "SCHEDULE_TARGET_ARN"
	envNotifyQueue    = "NOTIFY_QUEUE_URL"
	envMailFrom       = "MAIL_FROM"
	envScanUnit       = "SCAN_UNIT_FUNCTION"
)

// envValues is every environment variable the stack can set, with its
// value in this stack: one table, from which each function gets exactly
// the variables its contract entry names.
type envValues map[string]*string

// environment is one function's environment: its required and optional
// variables, each from values. A variable the stack cannot fill fails the
// synth, as does a required one without a value; an optional one without
// a value is left unset.
func environment(f ContractFunction, values envValues) (map[string]*string, error) {
	env := map[string]*string{}
	var unknown, empty []string
	for _, name := range slices.Concat(f.Env, f.OptionalEnv) {
		v, ok := values[name]
		switch {
		case !ok:
			unknown = append(unknown, name)
		case v == nil || *v == "":
			if slices.Contains(f.Env, name) {
				empty = append(empty, name)
			}
		default:
			env[name] = v
		}
	}
	var errs []error
	if len(unknown) > 0 {
		errs = append(errs, fmt.Errorf("function %s reads %s, which the stack cannot fill (it fills %s)",
			f.Name, strings.Join(unknown, ", "), strings.Join(values.names(), ", ")))
	}
	if len(empty) > 0 {
		errs = append(errs, fmt.Errorf("function %s requires %s, which has no value in this stack", f.Name, strings.Join(empty, ", ")))
	}
	return env, errors.Join(errs...)
}

func (v envValues) names() []string {
	out := make([]string, 0, len(v))
	for name := range v {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// limit is a task limit's value (0 is no limit).
func limit(n int) *string { return jsii.String(strconv.Itoa(n)) }
