// Package layout is where CloudCensus keeps its objects: the key layout of
// the results and reports buckets, in one place. The functions write and
// read by it; the CDK grants each function the prefixes it uses, read
// from the contract (Prefixes), so a key and its grant cannot drift apart.
//
// It imports nothing of the product.
package layout

// Top-level prefixes of the two buckets.
const (
	TasksPrefix     = "tasks/"     // results bucket: unit results and unit files, per task
	UploadsPrefix   = "uploads/"   // results bucket: network diagrams uploaded by the console
	TemplatesPrefix = "templates/" // results bucket: scanner role templates CloudFormation reads
	ReportsPrefix   = "reports/"   // reports bucket: the generated documents
	ExportsPrefix   = "exports/"   // results bucket: inventory and audit exports, for a day
	// ReportTemplatesPrefix: reports bucket, the workspaces' report
	// templates (kept until deleted, unlike the results bucket's templates/).
	ReportTemplatesPrefix = "report-templates/"
)

// Bucket names a bucket by its role.
type Bucket string

// The product's buckets.
const (
	Results Bucket = "results"
	Reports Bucket = "reports"
)

// Prefix is one top-level prefix, for the contract.
type Prefix struct {
	Bucket Bucket `json:"bucket"`
	Prefix string `json:"prefix"`
	Holds  string `json:"holds"`
}

// Prefixes lists every top-level prefix with what it holds.
func Prefixes() []Prefix {
	return []Prefix{
		{Results, TasksPrefix, "unit results (tasks/<task>/units/<credential>/<account>/<region>.json.gz) and unit files (tasks/<task>/units.json), the task's diagram (tasks/<task>/diagram.<ext>)"},
		{Results, UploadsPrefix, "network diagrams (uploads/diagrams/<workspace>/<id>.<ext>) and report templates (uploads/templates/<workspace>/<id>.docx) before a task or a template takes them"},
		{Results, TemplatesPrefix, "scanner role templates (templates/scanner-role/<hash>.yaml)"},
		{Reports, ReportsPrefix, "documents (reports/<workspace>/<task>/<report>.docx)"},
		{Results, ExportsPrefix, "inventory and audit exports (exports/<workspace>/<job>/<file>)"},
		{Reports, ReportTemplatesPrefix, "report templates (report-templates/<workspace>/<id>.docx)"},
	}
}

// TaskPrefix holds everything of one task in the results bucket; deleting
// a task deletes it.
func TaskPrefix(taskID string) string { return TasksPrefix + taskID + "/" }

// ResultPrefix is the prefix under which a task's unit results live.
func ResultPrefix(taskID string) string { return TaskPrefix(taskID) + "units/" }

// ResultKey is one unit's result: deterministic, so a retried unit
// overwrites its earlier result and never duplicates it. It names the
// credential as well as the account, so two credentials never write one
// object.
func ResultKey(taskID, credentialID, accountID, region string) string {
	return ResultPrefix(taskID) + credentialID + "/" + accountID + "/" + region + ".json.gz"
}

// TaskDiagramKey is the network diagram a task owns: the checked copy of
// its upload, made at creation. No presigned URL is ever issued for a key
// under tasks/, so nobody can swap or blank it afterwards.
func TaskDiagramKey(taskID, ext string) string { return TaskPrefix(taskID) + "diagram." + ext }

// UnitsFileKey is the plan of a task too large for a Step Functions
// payload, read by the distributed Map.
func UnitsFileKey(taskID string) string { return TaskPrefix(taskID) + "units.json" }

// DiagramPrefix holds a workspace's uploaded diagrams.
func DiagramPrefix(workspaceID string) string { return UploadsPrefix + "diagrams/" + workspaceID + "/" }

// DiagramKey is one uploaded diagram.
func DiagramKey(workspaceID, id, ext string) string {
	return DiagramPrefix(workspaceID) + id + "." + ext
}

// TemplateUploadKey is where the console uploads a report template
// before it is checked and kept.
func TemplateUploadKey(workspaceID, id string) string {
	return UploadsPrefix + "templates/" + workspaceID + "/" + id + ".docx"
}

// ReportTemplateKey is a workspace's kept report template.
func ReportTemplateKey(workspaceID, id string) string {
	return ReportTemplatesPrefix + workspaceID + "/" + id + ".docx"
}

// TemplateKey is a scanner role template, named by a hash of its text.
func TemplateKey(hash string) string { return TemplatesPrefix + "scanner-role/" + hash + ".yaml" }

// ReportKey is a generated document.
func ReportKey(workspaceID, taskID, reportID string) string {
	return ReportsPrefix + workspaceID + "/" + taskID + "/" + reportID + ".docx"
}

// ExportKey is the file an export job wrote; its link is presigned for
// ten minutes and the object expires after Retain.ExportsDays.
func ExportKey(workspaceID, jobID, fileName string) string {
	return ExportsPrefix + workspaceID + "/" + jobID + "/" + fileName
}
