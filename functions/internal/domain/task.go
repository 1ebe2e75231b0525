package domain

import (
	"fmt"
	"regexp"
	"unicode"
	"unicode/utf8"

	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
)

// TaskStatus is where a scan task is in its life.
type TaskStatus string

const (
	TaskPending            TaskStatus = "pending"
	TaskRunning            TaskStatus = "running"
	TaskCompleted          TaskStatus = "completed"
	TaskPartiallyCompleted TaskStatus = "partially_completed"
	TaskFailed             TaskStatus = "failed"
	TaskCancelled          TaskStatus = "cancelled"
)

// TaskStatuses lists every status, for filter validation.
var TaskStatuses = []TaskStatus{TaskPending, TaskRunning, TaskCompleted, TaskPartiallyCompleted, TaskFailed, TaskCancelled}

// Final reports whether a task has ended.
func (s TaskStatus) Final() bool {
	return s == TaskCompleted || s == TaskPartiallyCompleted || s == TaskFailed || s == TaskCancelled
}

// Valid reports whether s is a known status.
func (s TaskStatus) Valid() bool {
	for _, x := range TaskStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// ProjectMetadata is the seed's: what the report's cover and document
// control show.
type ProjectMetadata struct {
	ClientName         string `json:"clientName" dynamo:"clientName"`
	ProjectName        string `json:"projectName" dynamo:"projectName"`
	BDManager          string `json:"bdManager" dynamo:"bdManager"`
	SolutionsArchitect string `json:"solutionsArchitect" dynamo:"solutionsArchitect"`
	CloudEngineer      string `json:"cloudEngineer" dynamo:"cloudEngineer"`
	CloudEngineerEmail string `json:"cloudEngineerEmail" dynamo:"cloudEngineerEmail"`
	NetworkDiagramKey  string `json:"networkDiagramKey,omitempty" dynamo:"networkDiagramKey,omitempty"`
}

var diagramKey = regexp.MustCompile(`^uploads/diagrams/[0-9A-Z]{26}/[0-9A-Z]{26}\.(png|jpe?g)$`)

// Validate checks the fields the seed marks required; every one names
// itself in the error as projectMetadata.<field>.
func (m ProjectMetadata) Validate(workspaceID string) error {
	for _, f := range []struct{ name, v string }{
		{"clientName", m.ClientName}, {"projectName", m.ProjectName}, {"bdManager", m.BDManager},
		{"solutionsArchitect", m.SolutionsArchitect}, {"cloudEngineer", m.CloudEngineer}, {"cloudEngineerEmail", m.CloudEngineerEmail},
	} {
		if strings.TrimSpace(f.v) == "" {
			return Invalid("projectMetadata."+f.name, "is required")
		}
		if utf8.RuneCountInString(f.v) > 200 {
			return Invalid("projectMetadata."+f.name, "at most 200 characters")
		}
	}
	if err := ValidateEmail(m.CloudEngineerEmail); err != nil {
		return Invalid("projectMetadata.cloudEngineerEmail", "not a valid email address")
	}
	if m.NetworkDiagramKey != "" && (!diagramKey.MatchString(m.NetworkDiagramKey) || !strings.HasPrefix(m.NetworkDiagramKey, layout.DiagramPrefix(workspaceID))) {
		return Invalid("projectMetadata.networkDiagramKey", "not a diagram uploaded through /api/uploads/diagram")
	}
	return nil
}

// Task is one scan of some accounts in some regions.
type Task struct {
	ID              string          `json:"id" dynamo:"id"`
	WorkspaceID     string          `json:"-" dynamo:"workspaceId"`
	Name            string          `json:"name" dynamo:"name"`
	Status          TaskStatus      `json:"status" dynamo:"status"`
	Progress        int             `json:"progress" dynamo:"progress"`
	UnitsTotal      int             `json:"unitsTotal" dynamo:"unitsTotal"`
	UnitsDone       int             `json:"unitsDone" dynamo:"unitsDone"`
	UnitsFailed     int             `json:"unitsFailed" dynamo:"unitsFailed"`
	CreatedBy       string          `json:"createdBy" dynamo:"createdBy"`
	CreatedByName   string          `json:"createdByName" dynamo:"createdByName"`
	CredentialIDs   []string        `json:"credentialIds" dynamo:"credentialIds"`
	Accounts        []string        `json:"accounts" dynamo:"accounts"`
	Regions         []string        `json:"regions" dynamo:"regions"`
	Services        []string        `json:"services,omitempty" dynamo:"services,omitempty"`
	ProjectMetadata ProjectMetadata `json:"projectMetadata" dynamo:"projectMetadata"`
	ExecutionARN    string          `json:"executionArn,omitempty" dynamo:"executionArn,omitempty"`
	StartedAt       *time.Time      `json:"startedAt,omitempty" dynamo:"startedAt,omitempty"`
	CompletedAt     *time.Time      `json:"completedAt,omitempty" dynamo:"completedAt,omitempty"`
	Error           string          `json:"error,omitempty" dynamo:"error,omitempty"`
	ReportID        string          `json:"reportId,omitempty" dynamo:"reportId,omitempty"`
	// ReportError says why the last report build failed; a rebuild that
	// succeeds clears it.
	ReportError string `json:"reportError,omitempty" dynamo:"reportError,omitempty"`
	ScheduleID  string `json:"scheduleId,omitempty" dynamo:"scheduleId,omitempty"`
	// Organization narrows the organization credentials of the task to
	// accounts under some OUs or named accounts; nil: every active account.
	Organization *OrgFilter `json:"organization,omitempty" dynamo:"organization,omitempty"`
	// Members are the organization accounts found when the task was
	// planned (every status): the report names them with their OU path.
	Members []OrgAccount `json:"members,omitempty" dynamo:"members,omitempty"`
	// Exclusions are the scope rules the scan applies: the workspace's at
	// creation, then the task's own (package scope).
	Exclusions []ScopeRule `json:"exclusions,omitempty" dynamo:"exclusions,omitempty"`
	// TemplateID is the report template the task named; empty: the
	// workspace's default.
	TemplateID string `json:"templateId,omitempty" dynamo:"templateId,omitempty"`
	// ResultsExpireAt is when S3 removes the task's unit results (its
	// report stays): computed on read from the retention policy, never
	// stored. ResultsExpired says they are gone: no export or rebuild.
	ResultsExpireAt *time.Time `json:"resultsExpireAt,omitempty" dynamo:"-"`
	ResultsExpired  bool       `json:"resultsExpired,omitempty" dynamo:"-"`
	Stamp
}

// NoteRetention fills ResultsExpireAt and ResultsExpired of an ended task.
func (t *Task) NoteRetention(now time.Time) {
	if t.CompletedAt == nil {
		return
	}
	at := layout.Retain.ResultsExpireAt(*t.CompletedAt)
	t.ResultsExpireAt, t.ResultsExpired = &at, !now.Before(at)
}

// ResultsAvailable refuses work that reads the unit results of a task
// whose results S3 has removed, saying when and why.
func (t *Task) ResultsAvailable(now time.Time) error {
	t.NoteRetention(now)
	if t.ResultsExpired {
		return &Error{Kind: KindConflict, Msg: fmt.Sprintf("the scan results of this task expired on %s (results are kept %d days): its report stays downloadable; scan again for a new inventory",
			t.ResultsExpireAt.Format("2006-01-02"), layout.Retain.ResultsDays)}
	}
	return nil
}

// ComputeProgress is the share of units that ended, 0-100.
func (t *Task) ComputeProgress() int {
	if t.UnitsTotal == 0 {
		return 0
	}
	p := (t.UnitsDone + t.UnitsFailed) * 100 / t.UnitsTotal
	return min(p, 100)
}

// LogLevel is a task log's severity.
type LogLevel string

const (
	LogInfo    LogLevel = "info"
	LogWarning LogLevel = "warning"
	LogError   LogLevel = "error"
)

// Valid reports whether l is a known level.
func (l LogLevel) Valid() bool { return l == LogInfo || l == LogWarning || l == LogError }

// TaskLog is one line of a task's log, with where it happened.
type TaskLog struct {
	ID        string    `json:"id" dynamo:"id"`
	TaskID    string    `json:"taskId" dynamo:"taskId"`
	Level     LogLevel  `json:"level" dynamo:"level"`
	Message   string    `json:"message" dynamo:"message"`
	AccountID string    `json:"accountId,omitempty" dynamo:"accountId,omitempty"`
	Region    string    `json:"region,omitempty" dynamo:"region,omitempty"`
	Service   string    `json:"service,omitempty" dynamo:"service,omitempty"`
	Details   string    `json:"details,omitempty" dynamo:"details,omitempty"` // error chain and where it happened
	Timestamp time.Time `json:"timestamp" dynamo:"timestamp"`
}

// UnitState is one scan unit's progress and outcome.
type UnitState struct {
	TaskID       string         `json:"-" dynamo:"taskId"`
	CredentialID string         `json:"credentialId" dynamo:"credentialId"`
	AccountID    string         `json:"accountId" dynamo:"accountId"`
	Region       string         `json:"region" dynamo:"region"`
	Status       string         `json:"status" dynamo:"status"` // pending, running, done, failed
	Resources    int            `json:"resources" dynamo:"resources"`
	Calls        int            `json:"calls" dynamo:"calls"`
	Throttles    int            `json:"throttles" dynamo:"throttles"`
	DurationMS   int64          `json:"durationMs" dynamo:"durationMs"`
	Error        string         `json:"error,omitempty" dynamo:"error,omitempty"`
	Statuses     map[string]int `json:"statuses,omitempty" dynamo:"statuses,omitempty"`
	Failed       []string       `json:"servicesFailed,omitempty" dynamo:"servicesFailed,omitempty"`
	// Coverage is the unit's per-service outcome (without error details,
	// which are in the task log): the console's coverage matrix.
	Coverage  []inventory.Coverage `json:"coverage" dynamo:"coverage,omitempty"`
	StartedAt *time.Time           `json:"startedAt,omitempty" dynamo:"startedAt,omitempty"`
	EndedAt   *time.Time           `json:"endedAt,omitempty" dynamo:"endedAt,omitempty"`
}

// Report is a generated document of a task.
type Report struct {
	ID          string `json:"id" dynamo:"id"`
	WorkspaceID string `json:"-" dynamo:"workspaceId"`
	TaskID      string `json:"taskId" dynamo:"taskId"`
	TaskName    string `json:"taskName" dynamo:"taskName"`
	FileName    string `json:"fileName" dynamo:"fileName"`
	S3Key       string `json:"-" dynamo:"s3Key"`
	FileSize    int64  `json:"fileSize" dynamo:"fileSize"`
	Format      string `json:"format" dynamo:"format"`
	Version     string `json:"version" dynamo:"version_"`
	Project     string `json:"project" dynamo:"project"` // client + project: versions count per project
	// ClientName and ProjectName are the task's project metadata, to tell
	// reports of different clients apart.
	ClientName  string `json:"clientName" dynamo:"clientName,omitempty"`
	ProjectName string `json:"projectName" dynamo:"projectName,omitempty"`
	CreatedBy   string `json:"createdBy" dynamo:"createdBy"`
	Author      string `json:"author" dynamo:"author"`           // the cloud engineer, in the revision history
	Description string `json:"description" dynamo:"description"` // the revision history's description
	Resources   int    `json:"resources" dynamo:"resources"`
	// Template names the template the document was built with; empty:
	// the built-in one.
	Template string `json:"template,omitempty" dynamo:"template,omitempty"`
	// CredentialIDs are the task's, so report visibility follows the task's.
	CredentialIDs []string  `json:"-" dynamo:"credentialIds"`
	GeneratedAt   time.Time `json:"generatedAt" dynamo:"generatedAt"`
	// Changes is what the scan found different from the previous scan of
	// the same accounts (nil without one): the changes.detected alert is
	// made of it, and a retried build finds it here.
	Changes *event.Changes `json:"changes,omitempty" dynamo:"changes,omitempty"`
	Stamp
}

// EnumValues lists the statuses for the API description.
func (TaskStatus) EnumValues() []string { return enumOf(TaskStatuses) }

// LogLevels are the levels of a task log line.
var LogLevels = []LogLevel{LogInfo, LogWarning, LogError}

// EnumValues lists the levels for the API description.
func (LogLevel) EnumValues() []string { return enumOf(LogLevels) }

// enumOf turns a list of string-typed values into strings.
func enumOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Words is a status as a sentence says it: "partially completed".
func (s TaskStatus) Words() string { return strings.ReplaceAll(string(s), "_", " ") }

// Sentence starts s with a capital letter, as every message a person
// reads does.
func Sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
