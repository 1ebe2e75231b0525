// Package taskflow is what the scan-task workflow's Lambdas do: plan a
// task into units, scan one unit, build the report, and settle the task's
// status from the workflow's events and from execution status changes
// (which arrive even when an execution was aborted or timed out). The same
// functions run as Lambdas in AWS and behind the local orchestrator.
//
// It must not import the HTTP layer.
package taskflow

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// Store is what the workflow needs of the table.
type Store interface {
	GetTask(ctx context.Context, ws, id string) (*domain.Task, error)
	GetCredentials(ctx context.Context, ws string, ids []string) ([]domain.Credential, error)
	NoteScanSignIn(ctx context.Context, ws, id string, at time.Time) error
	SetUnits(ctx context.Context, ws, id string, units []domain.UnitState) error
	SetTaskMembers(ctx context.Context, ws, id string, members []domain.OrgAccount) error
	UnitStarted(ctx context.Context, ws, id, credential, account, region string, at time.Time) error
	FinishUnit(ctx context.Context, ws, id string, u domain.UnitState, at time.Time) (bool, error)
	Units(ctx context.Context, ws, id string) ([]domain.UnitState, error)
	EndTask(ctx context.Context, ws, id string, status domain.TaskStatus, reason string, at time.Time) (bool, error)
	AddLogs(ctx context.Context, ws string, logs ...domain.TaskLog) error
	SetTaskReportError(ctx context.Context, ws, id, reason string) error
}

// Resolver turns a credential into an AWS configuration.
type Resolver interface {
	Config(ctx context.Context, c *domain.Credential, region string, p awsclient.Purpose) (aws.Config, error)
	// MemberConfig and Discover reach an organization credential's member
	// accounts.
	MemberConfig(ctx context.Context, org *domain.Credential, account, region string, p awsclient.Purpose) (aws.Config, error)
	Discover(ctx context.Context, c *domain.Credential, p awsclient.Purpose) ([]domain.OrgAccount, error)
}

// Scanner scans one unit (scanner.Runner).
type Scanner interface {
	Scan(ctx context.Context, unit inventory.Unit, cfg aws.Config) *inventory.Result
}

// Results is where unit results (and a large plan's units file) are
// written; a unit of a task deleted meanwhile deletes its own.
type Results interface {
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
	Delete(ctx context.Context, key string) error
	Bucket() string
}

// Reporter builds a task's report (reports.Builder), once per key: a
// retried build answers the report of its first attempt.
type Reporter interface {
	BuildOnce(ctx context.Context, ws, taskID, key string) (*domain.Report, error)
}

// Flow holds the workflow's dependencies.
type Flow struct {
	Store    Store
	Resolver Resolver
	Scanner  Scanner
	Results  Results
	Reporter Reporter
	Logger   *slog.Logger
	Now      func() time.Time
	// Publisher tells the notification channels (nil: nobody); ConsoleURL
	// is the console's origin, for the links in messages.
	Publisher  Publisher
	ConsoleURL string
}

func (f *Flow) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now().UTC()
}

// log writes task log lines; a failure to log never fails the workflow.
func (f *Flow) log(ctx context.Context, ws string, lines ...domain.TaskLog) {
	for i := range lines {
		if lines[i].Timestamp.IsZero() {
			lines[i].Timestamp = f.now()
		}
	}
	if err := f.Store.AddLogs(ctx, ws, lines...); err != nil {
		f.Logger.Error("write task log", "error", err.Error())
	}
}

func unitLabel(u inventory.Unit) string { return fmt.Sprintf("%s/%s", u.AccountID, u.Region) }
