package stack

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// function is what only the deployment knows of one CloudCensus Lambda:
// what it is for, how big it is, and what it may call (its access, turned
// into its role's policy). How it is invoked, what it reads from its
// environment and which files ship beside it are the contract's.
type function struct {
	name    string
	purpose string
	// targets: it acts in the target accounts (scanning, validating a
	// credential), so it runs as the platform principal, the one role the
	// scanner role template trusts. Such functions share that role.
	targets  bool
	memoryMB int
	timeoutS int
	access   access
	// named: deployed as <stack>-<name> (namedFunction), for the
	// functions that invoke it.
	named bool
}

// functions is every Lambda the product deploys, with the folder its
// binary is built into (LambdaDir/<name>/bootstrap); checkDeployment holds
// it to the contract's functions, one for one.
var functions = []function{
	{name: "authorizer", purpose: "verifies the access token and answers the role's API policy", memoryMB: 256, timeoutS: 10,
		access: access{table: tableRead}},
	{name: "auth", purpose: "sign-in, refresh, sign-out, registration with an invite", memoryMB: 256, timeoutS: 29, named: true,
		access: access{table: tableReadWriteDelete, userPool: authPoolActions, publishes: true}},
	{name: "users", purpose: "user administration", memoryMB: 256, timeoutS: 29, named: true,
		access: access{table: tableReadWriteDelete, userPool: userAdminPoolActions}},
	{name: "credentials", purpose: "credentials and their assignment, the base role, validation and the role template", targets: true, memoryMB: 256, timeoutS: 29, named: true,
		access: access{table: tableReadWriteDelete, secrets: secretsSealOpen, assumeScanner: true, dryRuns: true,
			objects: []objects{{bucket: bucketResults, prefix: "templates/", read: true, write: true}}}},
	{name: "tasks", purpose: "tasks, schedules, starting inventory exports, diagram uploads and the scan workers", memoryMB: 512, timeoutS: 29, named: true,
		access: access{table: tableReadWriteDelete, probesResults: true, executions: executionsRun, startsJobs: true,
			managesSchedules: true, publishes: true, // a schedule's run-now may be skipped, which is published
			objects: []objects{
				{bucket: bucketResults, prefix: "tasks/", read: true, write: true, delete: true, list: true}, // write: the task's copy of its diagram
				{bucket: bucketResults, prefix: "uploads/", read: true, write: true}}}},
	// reports still links the builder (the report routes live with it) but
	// builds nothing in a request: rebuilds are jobs. It serves the
	// exports routes, whose links it presigns.
	{name: "reports", purpose: "report listing, presigned downloads of reports and exports, starting rebuilds, deletion, report templates and workspace settings", memoryMB: 256, timeoutS: 29, named: true,
		access: access{table: tableReadWriteDelete, startsJobs: true, probesResults: true,
			objects: []objects{
				{bucket: bucketResults, prefix: "exports/", read: true},
				{bucket: bucketResults, prefix: "uploads/", read: true, write: true}, // write: presigned template uploads
				{bucket: bucketReports, prefix: "reports/", read: true, delete: true},
				{bucket: bucketReports, prefix: "report-templates/", read: true, write: true, delete: true}}}},
	{name: "admin", purpose: "roles, invites, audit and starting audit exports", memoryMB: 256, timeoutS: 29, named: true,
		access: access{table: tableReadWriteDelete, startsJobs: true, replaysCalls: true}},
	{name: "jobs", purpose: "inventory and audit exports and report rebuilds, invoked asynchronously; the daily report retention, the minute's housekeeping (approval expiry, the security monitor)", memoryMB: 1769, timeoutS: 900, named: true,
		access: access{table: tableReadWriteDelete, publishes: true,
			objects: []objects{
				{bucket: bucketResults, prefix: "tasks/", read: true, list: true},
				{bucket: bucketResults, prefix: "uploads/", read: true}, // a diagram of a task made before tasks kept their own copy
				{bucket: bucketResults, prefix: "exports/", write: true},
				{bucket: bucketReports, prefix: "reports/", write: true, delete: true}, // delete: the daily report retention
				{bucket: bucketReports, prefix: "report-templates/", read: true}}}},
	{name: "scan-plan", purpose: "expands a task into scan units", memoryMB: 256, timeoutS: 300,
		access: access{table: tableReadWrite,
			objects: []objects{{bucket: bucketResults, prefix: "tasks/", write: true}}}},
	{name: "scan-unit", purpose: "scans one account and region and writes its result; runs a credential's dry run of the read actions", targets: true, memoryMB: 1024, timeoutS: 900, named: true,
		access: access{table: tableReadWrite, secrets: secretsOpen, assumeScanner: true,
			// delete: a unit of a task deleted meanwhile removes its result
			objects: []objects{{bucket: bucketResults, prefix: "tasks/", write: true, delete: true}}}},
	{name: "report-build", purpose: "merges the unit results into the .docx report and publishes the changes it found", memoryMB: 1769, timeoutS: 900,
		access: access{table: tableReadWrite, publishes: true,
			objects: []objects{
				{bucket: bucketResults, prefix: "tasks/", read: true, list: true},
				{bucket: bucketResults, prefix: "uploads/", read: true},
				{bucket: bucketReports, prefix: "reports/", write: true, delete: true},
				{bucket: bucketReports, prefix: "report-templates/", read: true}}}},
	{name: "task-events", purpose: "settles tasks on workflow events and status changes, and notifies", memoryMB: 256, timeoutS: 60,
		access: access{table: tableReadWrite, publishes: true}},
	{name: "notifications", purpose: "notification channels, test sends and the delivery log", memoryMB: 256, timeoutS: 29, named: true,
		access: access{table: tableReadWriteDelete, secrets: secretsSealOpen, mails: true}},
	{name: "notifier", purpose: "delivers notifications from the queue, with retries", memoryMB: 256, timeoutS: notifierTimeout,
		access: access{table: tableReadWrite, secrets: secretsOpen, publishes: true, mails: true}},
	// A scheduled run creates its task through the tasks code path, which
	// checks the task's network diagram upload.
	{name: "schedule-run", purpose: "starts the task of a saved schedule", memoryMB: 256, timeoutS: 60, named: true,
		access: access{table: tableReadWrite, probesResults: true, executions: executionsStart, publishes: true,
			objects: []objects{
				{bucket: bucketResults, prefix: "uploads/", read: true},
				{bucket: bucketResults, prefix: "tasks/", write: true, delete: true}}}}, // the run's copy of its diagram
}

func functionByName(name string) (function, bool) {
	i := slices.IndexFunc(functions, func(f function) bool { return f.name == name })
	if i < 0 {
		return function{}, false
	}
	return functions[i], true
}

// receives reports whether the function's environment has v.
func (f ContractFunction) receives(v string) bool {
	return slices.Contains(f.Env, v) || slices.Contains(f.OptionalEnv, v)
}

// checkDeployment refuses a contract and a function table that disagree:
// a function one has and the other lacks, a grant under a prefix the key
// layout does not have, a bucket the stack does not make, or a grant on a
// resource whose variable the function does not receive. Functions that
// share the platform principal's role share its grants, so each of them
// must receive what all of their grants need.
func checkDeployment(c *Contract, fns []function) error {
	var errs []error
	for _, cf := range c.Functions {
		if !slices.ContainsFunc(fns, func(f function) bool { return f.name == cf.Name }) {
			errs = append(errs, fmt.Errorf("the contract has function %s, which the stack does not deploy (add it to functions.go with its purpose, size and access)", cf.Name))
		}
	}
	var shared []string // what the platform principal's grants need
	for _, f := range fns {
		if f.targets {
			shared = append(shared, f.access.needs()...)
		}
	}
	for _, f := range fns {
		cf, ok := c.function(f.name)
		if !ok {
			errs = append(errs, fmt.Errorf("the stack deploys function %s, which is not in the contract's functions", f.name))
			continue
		}
		for _, o := range f.access.objects {
			if _, ok := bucketVars[o.bucket]; !ok {
				errs = append(errs, fmt.Errorf("function %s: access names bucket %q, which the stack does not make", f.name, o.bucket))
			} else if !c.hasPrefix(o.bucket, o.prefix) {
				errs = append(errs, fmt.Errorf("function %s: access names %s/%s, which is not in the contract's objectKeys", f.name, o.bucket, o.prefix))
			}
		}
		needs := f.access.needs()
		if f.targets {
			needs = shared
		}
		var missing []string
		for _, v := range needs {
			if !cf.receives(v) && !slices.Contains(missing, v) {
				missing = append(missing, v)
			}
		}
		if len(missing) > 0 {
			errs = append(errs, fmt.Errorf("function %s: its role's grants need %s, which the contract does not give it (no grant on a resource the function is not told about)", f.name, strings.Join(missing, ", ")))
		}
	}
	for _, k := range c.ObjectKeys {
		if _, ok := bucketVars[k.Bucket]; !ok {
			errs = append(errs, fmt.Errorf("the contract's objectKeys name bucket %q, which the stack does not make", k.Bucket))
		}
	}
	return errors.Join(errs...)
}
