// Package tasks serves the scan task routes: list, create (which starts
// the workflow), detail with per-unit coverage, logs, cancel, delete,
// inventory export and the network diagram upload; and the workers routes,
// which in a serverless system are the running executions and their units.
//
// It must not import the AWS SDK: the store, the blob store and the
// orchestrator are interfaces.
package tasks

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/visibility"
)

// Store is what tasks need of the table.
type Store interface {
	CreateTaskWithin(ctx context.Context, t *domain.Task, idempotencyKey string, lim store.ActiveLimits, upload string) (bool, error)
	RecordUpload(ctx context.Context, ws, key, uploader string, expires time.Time) error
	GetUpload(ctx context.Context, ws, key string) (*store.Upload, error)
	GetTemplate(ctx context.Context, ws, id string) (*domain.Template, error)
	GetWorkspace(ctx context.Context, id string) (*domain.Workspace, error)
	GetTask(ctx context.Context, ws, id string) (*domain.Task, error)
	ListTasks(ctx context.Context, ws string, f store.TaskFilter, p store.Page) (store.Listed[domain.Task], error)
	RunningTasks(ctx context.Context, ws string) ([]domain.Task, error)
	StartTask(ctx context.Context, ws, id, executionARN string, at time.Time) error
	EndTask(ctx context.Context, ws, id string, status domain.TaskStatus, reason string, at time.Time) (bool, error)
	Units(ctx context.Context, ws, id string) ([]domain.UnitState, error)
	DeleteTask(ctx context.Context, t *domain.Task) error
	AddLogs(ctx context.Context, ws string, logs ...domain.TaskLog) error
	ListLogs(ctx context.Context, ws, taskID string, level domain.LogLevel, p store.Page) (store.Listed[domain.TaskLog], error)
	GetCredentials(ctx context.Context, ws string, ids []string) ([]domain.Credential, error)
	AssignedCredentialIDs(ctx context.Context, ws, userID string) ([]string, error)
	visibility.Credentials
}

// Blobs is the results bucket: unit results, uploads and the tasks'
// copies of their diagrams.
type Blobs interface {
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
	Delete(ctx context.Context, key string) error
	List(ctx context.Context, prefix string) ([]string, error)
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Head(ctx context.Context, key string) (int64, string, error)
	DeletePrefix(ctx context.Context, prefix string) error
	PresignPut(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (string, http.Header, error)
}

// Orchestrator runs the scan-task workflow.
type Orchestrator interface {
	Start(ctx context.Context, name string, input any) (string, error)
	Stop(ctx context.Context, executionARN, cause string) error
	ListRunning(ctx context.Context) ([]orchestrator.Execution, error)
}

// Service serves the task and worker routes.
type Service struct {
	store  Store
	blobs  Blobs
	orch   Orchestrator
	limits Limits
	jobs   Jobs
	now    func() time.Time
}

// New builds the service.
func New(st Store, b Blobs, o Orchestrator) *Service {
	return &Service{store: st, blobs: b, orch: o, limits: DefaultLimits, now: func() time.Time { return time.Now().UTC() }}
}
