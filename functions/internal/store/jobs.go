package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Job rows:
//
//	PK WS#<ws>#JOB  SK JOB#<id>
//	GSI1 WS#<ws>#JOBUSER#<user> / JOB#<id>   (a user's jobs, newest first)
//
// expiresAt (TTL) removes a row when its file is gone.
type jobItem struct {
	Meta
	domain.Job
}

func jobPK(ws string) string { return "WS#" + ws + "#JOB" }

func jobUserPK(ws, user string) string { return "WS#" + ws + "#JOBUSER#" + user }

func newJobItem(j *domain.Job) *jobItem {
	return &jobItem{Meta: Meta{PK: jobPK(j.WorkspaceID), SK: "JOB#" + j.ID, Type: "job",
		GSI1PK: jobUserPK(j.WorkspaceID, j.CreatedBy), GSI1SK: "JOB#" + j.ID, ExpiresAt: j.ExpiresAt.Unix()}, Job: *j}
}

// CreateJob stores a queued job.
func (s *Store) CreateJob(ctx context.Context, j *domain.Job) error {
	it := newJobItem(j)
	if err := s.create(ctx, it, ""); err != nil {
		return fmt.Errorf("create job: %w", err)
	}
	*j = it.Job
	return nil
}

// GetJob reads a job.
func (s *Store) GetJob(ctx context.Context, ws, id string) (*domain.Job, error) {
	var it jobItem
	if err := s.get(ctx, jobPK(ws), "JOB#"+id, "job", &it); err != nil {
		return nil, err
	}
	return &it.Job, nil
}

// ListJobs lists a user's jobs newest first.
func (s *Store) ListJobs(ctx context.Context, ws, user string, p Page) (Listed[domain.Job], error) {
	l, err := list[jobItem](ctx, s, query{index: GSI1, pk: jobUserPK(ws, user), newest: true}, p)
	if err != nil {
		return Listed[domain.Job]{}, fmt.Errorf("list jobs: %w", err)
	}
	return mapListed(l, func(it jobItem) domain.Job { return it.Job }), nil
}

// Job slots: a user may run a bounded number of jobs at once, each
// holding one slot row until it ends (or its worker's lifetime passes):
//
//	PK WS#<ws>#JOBSLOT#<user>  SK SLOT#<k>  job, until (epoch seconds)
//
// A slot is taken with a conditional put, so of any number of concurrent
// starts exactly as many as there are free slots succeed.
func jobSlotPK(ws, user string) string { return "WS#" + ws + "#JOBSLOT#" + user }

// TakeJobSlot gives job one of the user's n slots until until, or answers
// false when all n are held.
func (s *Store) TakeJobSlot(ctx context.Context, ws, user, job string, n int, until time.Time) (bool, error) {
	now := s.now().Unix()
	for k := range n {
		err := s.table.Put(map[string]any{"PK": jobSlotPK(ws, user), "SK": fmt.Sprintf("SLOT#%d", k), "job": job,
			"until": until.Unix(), "expiresAt": until.Add(24 * time.Hour).Unix()}).
			If("attribute_not_exists(PK) OR $ < ?", "until", now).Run(ctx)
		switch {
		case err == nil:
			return true, nil
		case dynamo.IsCondCheckFailed(err):
			continue
		default:
			return false, fmt.Errorf("take a job slot: %w", err)
		}
	}
	return false, nil
}

// ReleaseJobSlot frees the slot job holds, if it still holds one.
func (s *Store) ReleaseJobSlot(ctx context.Context, ws, user, job string, n int) error {
	for k := range n {
		err := s.table.Delete("PK", jobSlotPK(ws, user)).Range("SK", fmt.Sprintf("SLOT#%d", k)).If("$ = ?", "job", job).Run(ctx)
		if err != nil && !dynamo.IsCondCheckFailed(err) {
			return fmt.Errorf("release the job slot of %s: %w", job, err)
		}
	}
	return nil
}

// ClaimJob moves a queued job to running, or takes over a running one
// whose worker started before staleBefore (it died: Lambda retries an
// asynchronous invocation, and a local restart finds it). Anything else
// is domain.Conflict: another worker has it, or it is done, so a second
// delivery of the same invocation does nothing.
func (s *Store) ClaimJob(ctx context.Context, ws, id string, now, staleBefore time.Time) (*domain.Job, error) {
	var it jobItem
	err := s.table.Update("PK", jobPK(ws)).Range("SK", "JOB#"+id).
		Set("status", domain.JobRunning).Set("startedAt", now).Set("updatedAt", now).Add("version", 1).
		If("attribute_exists(PK) AND ($ = ? OR ($ = ? AND $ < ?))", "status", domain.JobQueued, "status", domain.JobRunning, "startedAt", staleBefore).
		Value(ctx, &it)
	if err != nil {
		if dynamo.IsCondCheckFailed(err) {
			return nil, domain.Conflict("the job is taken or done")
		}
		return nil, fmt.Errorf("claim job %s: %w", id, err)
	}
	return &it.Job, nil
}

// FinishJob records a running job's outcome; only the worker that holds
// it (the claim's startedAt) may.
func (s *Store) FinishJob(ctx context.Context, j *domain.Job) error {
	j.UpdatedAt = s.now()
	j.Version++
	err := s.table.Put(newJobItem(j)).If("$ = ? AND $ = ?", "status", domain.JobRunning, "startedAt", j.StartedAt).Run(ctx)
	if err != nil {
		j.Version--
		if dynamo.IsCondCheckFailed(err) {
			return domain.Conflict("the job was taken over or finished by another worker")
		}
		return fmt.Errorf("finish job %s: %w", j.ID, err)
	}
	return nil
}
