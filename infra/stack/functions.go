package stack

import "slices"

// function describes one CloudCensus Lambda: what it is for, how big it
// is, and what it may call (its access, turned into its role's policy).
type function struct {
	name    string
	purpose string
	// serves: an API Gateway method may route to it (the route table's
	// "function" column names only these).
	serves bool
	// targets: it acts in the target accounts (scanning, validating a
	// credential), so it runs as the platform principal, the one role the
	// scanner role template trusts. Such functions share that role.
	targets  bool
	memoryMB int
	timeoutS int
	access   access
}

// functions is every Lambda the product deploys, with the folder its
// binary is built into (LambdaDir/<name>/bootstrap).
var functions = []function{
	{name: "authorizer", purpose: "verifies the access token and answers the role's API policy", memoryMB: 256, timeoutS: 10,
		access: access{table: tableRead}},
	{name: "auth", purpose: "sign-in, refresh, sign-out, registration with an invite", serves: true, memoryMB: 256, timeoutS: 29,
		access: access{table: tableReadWriteDelete, userPool: authPoolActions}},
	{name: "users", purpose: "user administration", serves: true, memoryMB: 256, timeoutS: 29,
		access: access{table: tableReadWriteDelete, userPool: userAdminPoolActions}},
	{name: "credentials", purpose: "credentials and their assignment, the base role, validation and the role template", serves: true, targets: true, memoryMB: 256, timeoutS: 29,
		access: access{table: tableReadWriteDelete, secrets: secretsSealOpen, assumeScanner: true,
			results: []objects{{prefix: "templates/", read: true, write: true}}}},
	{name: "tasks", purpose: "tasks, inventory export, diagram uploads and the scan workers", serves: true, memoryMB: 512, timeoutS: 29,
		access: access{table: tableReadWriteDelete, probesResults: true, executions: executionsRun,
			results: []objects{{prefix: "tasks/", read: true, delete: true, list: true}, {prefix: "uploads/", read: true, write: true}}}},
	{name: "reports", purpose: "report listing, presigned downloads, rebuilds and deletion", serves: true, memoryMB: 1769, timeoutS: 29,
		access: access{table: tableReadWriteDelete,
			results: []objects{{prefix: "tasks/", read: true, list: true}, {prefix: "uploads/", read: true}},
			reports: []objects{{prefix: "reports/", read: true, write: true, delete: true}}}},
	{name: "admin", purpose: "roles, invites and audit", serves: true, memoryMB: 256, timeoutS: 29,
		access: access{table: tableReadWriteDelete}},
	{name: "scan-plan", purpose: "expands a task into scan units", memoryMB: 256, timeoutS: 300,
		access: access{table: tableReadWrite,
			results: []objects{{prefix: "tasks/", write: true}}}},
	{name: "scan-unit", purpose: "scans one account and region and writes its result", targets: true, memoryMB: 1024, timeoutS: 900,
		access: access{table: tableReadWrite, secrets: secretsOpen, assumeScanner: true,
			results: []objects{{prefix: "tasks/", write: true}}}},
	{name: "report-build", purpose: "merges the unit results into the .docx report", memoryMB: 1769, timeoutS: 900,
		access: access{table: tableReadWrite,
			results: []objects{{prefix: "tasks/", read: true, list: true}, {prefix: "uploads/", read: true}},
			reports: []objects{{prefix: "reports/", write: true, delete: true}}}},
	{name: "task-events", purpose: "settles tasks on workflow events and status changes, and notifies", memoryMB: 256, timeoutS: 60,
		access: access{table: tableReadWrite}},
	// A scheduled run creates its task through the tasks code path, which
	// checks the task's network diagram upload.
	{name: "schedule-run", purpose: "starts the task of a saved schedule", memoryMB: 256, timeoutS: 60,
		access: access{table: tableReadWrite, probesResults: true, executions: executionsStart,
			results: []objects{{prefix: "uploads/", read: true}}}},
}

func functionByName(name string) (function, bool) {
	i := slices.IndexFunc(functions, func(f function) bool { return f.name == name })
	if i < 0 {
		return function{}, false
	}
	return functions[i], true
}
