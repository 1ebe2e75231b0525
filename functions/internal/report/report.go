package report

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

// PlatformName is the product name printed on the cover and in the footer.
const PlatformName = "CloudCensus"

// Source reads a task's unit results. Keys come from List under
// layout.ResultPrefix(taskID); each object is a gzipped JSON
// inventory.Result. The blob store satisfies it.
type Source interface {
	List(ctx context.Context, prefix string) ([]string, error)
	Get(ctx context.Context, key string) (io.ReadCloser, error)
}

// Revision is one row of the revision history table.
type Revision struct {
	Version     string    `json:"version"`
	Date        time.Time `json:"date"`
	Author      string    `json:"author"`
	Description string    `json:"description"`
}

// Metadata is what the document says about itself and the project. The
// caller computes Version (see NextVersion) and passes the revisions of the
// earlier reports of the same client and project; this report's own row is
// added by the builder (see History).
type Metadata struct {
	ClientName         string
	ProjectName        string
	BDManager          string
	SolutionsArchitect string
	CloudEngineer      string
	CloudEngineerEmail string
	Date               time.Time
	Version            string
	Revisions          []Revision // earlier reports, oldest first

	Diagram     []byte // the uploaded network diagram, PNG or JPEG; nil: none
	DiagramType string // its content type as uploaded; informative, the bytes decide

	TaskName string
	Accounts []string // the task's accounts; more than one adds an Account column
	// Exclusions are the task's scope rules, stated in the coverage
	// appendix with the resources each left out.
	Exclusions []domain.ScopeRule
	// Members are the accounts of the organizations the task scanned.
	Members []domain.OrgAccount
	Regions []string // the task's regions, for the introduction
}

// Revision is this report's row of the revision history. Store its
// author and description with the report, so that the next report of the
// project can pass it among its Revisions.
func (m Metadata) Revision() Revision {
	desc := "Generated from the scan"
	if m.TaskName != "" {
		desc += " " + m.TaskName
	}
	return Revision{Version: m.Version, Date: m.Date, Author: m.CloudEngineer, Description: desc}
}

// History is the revision history this report prints: the earlier
// revisions, then this report's.
func (m Metadata) History() []Revision {
	return append(slices.Clone(m.Revisions), m.Revision())
}

// Request is one report to build.
type Request struct {
	Meta   Metadata
	Source Source
	TaskID string
	// PreviousTaskID is the last completed task of the same workspace with
	// the same accounts; empty when there is none. Its results feed the
	// "Changes since the previous scan" section.
	PreviousTaskID string
	// PreviousLabel names the previous scan in the document, e.g. its task
	// name and date. Empty: "task <PreviousTaskID>".
	PreviousLabel string
	// Template is the report template; nil: the built-in one.
	Template *Template
	// TempDir is where records are spilled while the report is built
	// (/tmp on Lambda). Empty: os.TempDir().
	TempDir string
	Logger  *slog.Logger // nil: slog.Default()
}

// Summary describes a built report, for the Report item and logs.
type Summary struct {
	Services  int // services with a section in the Implementation List
	Resources int
	Accounts  int
	Units     int // unit results read for the current task
	Added     int
	Removed   int
	Changed   int // resources with at least one changed attribute
	Compared  bool
	Failures  int // coverage entries that did not complete
	// ByService counts each changed service's changes, in the
	// document's order; Notable is at most event.MaxNotable changes,
	// removals first, then additions, then changed attributes (what a
	// change alert shows, like seed 001's change card).
	ByService []event.ServiceChanges
	Notable   []event.Change
}

// FileName names the report's file, e.g.
// "Acme-Corp_Landing-Zone_2025-05-06_v1.2.docx" (domain.DocumentName).
func FileName(m Metadata) string {
	return domain.DocumentName(m.ClientName, m.ProjectName, m.Date, m.Version) + ".docx"
}
