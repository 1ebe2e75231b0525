package domain

// Template is a report template a workspace uploaded: a .docx whose
// styles, cover, header and footer the reports are built with. The
// built-in template is listed with BuiltIn set and the id BuiltinTemplate.
type Template struct {
	ID          string `json:"id" dynamo:"id"`
	WorkspaceID string `json:"-" dynamo:"workspaceId"`
	Name        string `json:"name" dynamo:"name"`
	FileSize    int64  `json:"fileSize" dynamo:"fileSize"`
	S3Key       string `json:"-" dynamo:"s3Key"`
	// Placeholders are the ones the template uses, in the order first met.
	Placeholders []string `json:"placeholders" dynamo:"placeholders"`
	CreatedBy    string   `json:"createdBy" dynamo:"createdBy"`
	BuiltIn      bool     `json:"builtIn" dynamo:"-"`
	Default      bool     `json:"default" dynamo:"-"` // the workspace's default
	Stamp
}

// BuiltinTemplate is the id under which the built-in template is listed
// and may be named (by a task, or as the default).
const BuiltinTemplate = "builtin"

// WorkspaceSettings are what a workspace's admins set for everyone.
type WorkspaceSettings struct {
	// ReportRetentionDays: 0 keeps reports forever; N deletes, once a day,
	// the reports generated more than N days ago (document and row).
	ReportRetentionDays int `json:"reportRetentionDays" dynamo:"reportRetentionDays"`
	// DefaultTemplateID is the template a task uses when it names none;
	// empty: the built-in one.
	DefaultTemplateID string `json:"defaultTemplateId" dynamo:"defaultTemplateId"`
	// Exclusions are the scope rules every task of the workspace applies,
	// before its own.
	Exclusions []ScopeRule `json:"exclusions" dynamo:"exclusions,omitempty"`
}

// MaxReportRetentionDays bounds the setting: ten years.
const MaxReportRetentionDays = 3650
