package tasks

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/scope"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// CreateRequest is the seed's CreateTaskRequest (plus an optional service
// selection).
type CreateRequest struct {
	Name            string                 `json:"name"`
	CredentialIDs   []string               `json:"credentialIds"`
	Regions         []string               `json:"regions"`
	Services        []string               `json:"services,omitempty"`
	ProjectMetadata domain.ProjectMetadata `json:"projectMetadata"`
	// TemplateID names the report template (GET /api/templates); empty:
	// the workspace's default when the report is built.
	TemplateID string `json:"templateId,omitempty"`
	// Exclusions leave accounts, regions, services, tagged resources,
	// resource ids or CIDR blocks out of this scan, after the workspace's.
	Exclusions []domain.ScopeRule `json:"exclusions,omitempty"`
	// Organization narrows the task's organization credentials to OUs or
	// accounts; absent: every active account of each organization.
	Organization *domain.OrgFilter `json:"organization,omitempty"`
}

func (s *Service) create(w http.ResponseWriter, r *http.Request) error {
	var req CreateRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if len(key) > 128 {
		return domain.Invalid("Idempotency-Key", "at most 128 characters")
	}
	t, existed, err := s.createTask(r.Context(), p, req, key, "")
	ev := httpapi.AuditOf(r)
	if t != nil {
		ev.ResourceID, ev.After = t.ID, t
	}
	if err != nil {
		return err
	}
	if existed { // a replay: nothing new happened
		ev.Skip = true
		return httpapi.JSON(w, http.StatusOK, t)
	}
	return httpapi.JSON(w, http.StatusCreated, t)
}

// Check validates a task request as POST /api/tasks/create does for the
// caller, without making anything: a schedule checks the task it will
// run. It answers the request normalised (credentials and regions
// deduplicated, services canonical).
func (s *Service) Check(ctx context.Context, p *httpapi.Principal, req CreateRequest) (CreateRequest, error) {
	creds, regions, services, err := s.check(ctx, p, req)
	if err != nil {
		return req, err
	}
	if err := s.checkTemplate(ctx, p.WorkspaceID, req.TemplateID); err != nil {
		return req, err
	}
	if req.Exclusions, err = scope.Validate("exclusions", req.Exclusions); err != nil {
		return req, err
	}
	req.Name, req.Regions, req.Services, req.CredentialIDs = strings.TrimSpace(req.Name), regions, services, nil
	for _, c := range creds {
		req.CredentialIDs = append(req.CredentialIDs, c.ID)
	}
	return req, nil
}

func (s *Service) check(ctx context.Context, p *httpapi.Principal, req CreateRequest) ([]domain.Credential, []string, []string, error) {
	name := strings.TrimSpace(req.Name)
	switch {
	case name == "":
		return nil, nil, nil, domain.Invalid("name", "is required")
	case utf8.RuneCountInString(name) > 200:
		return nil, nil, nil, domain.Invalid("name", "at most 200 characters")
	}
	creds, err := s.usableCredentials(ctx, p, req.CredentialIDs)
	if err != nil {
		return nil, nil, nil, err
	}
	regions, err := validRegions(req.Regions)
	if err != nil {
		return nil, nil, nil, err
	}
	services, err := validServices(req.Services)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := req.ProjectMetadata.Validate(p.WorkspaceID); err != nil {
		return nil, nil, nil, err
	}
	if n := plannedUnits(len(creds), len(regions), services); s.limits.UnitsPerTask > 0 && n > s.limits.UnitsPerTask {
		return nil, nil, nil, domain.Invalidf("regions", "this task would scan %d units (accounts x (regions + global)); the limit per task is %d: choose fewer accounts or regions", n, s.limits.UnitsPerTask)
	}
	return creds, regions, services, nil
}

// createTask validates, stores and starts a task. A scheduled run
// (scheduleID set) is marked with its schedule and may use its owner's
// upload again.
func (s *Service) createTask(ctx context.Context, p *httpapi.Principal, req CreateRequest, idemKey, scheduleID string) (*domain.Task, bool, error) {
	scheduled := scheduleID != ""
	creds, regions, services, err := s.check(ctx, p, req)
	if err != nil {
		return nil, false, err
	}
	name := strings.TrimSpace(req.Name)
	t := &domain.Task{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, Name: name, Status: domain.TaskPending,
		CreatedBy: p.UserID, CreatedByName: p.Username, Regions: regions, Services: services, ProjectMetadata: req.ProjectMetadata,
		ScheduleID: scheduleID, TemplateID: req.TemplateID, Organization: req.Organization}
	if err := s.checkTemplate(ctx, p.WorkspaceID, req.TemplateID); err != nil {
		return nil, false, err
	}
	if t.Exclusions, err = s.exclusions(ctx, p.WorkspaceID, req.Exclusions); err != nil {
		return nil, false, err
	}
	upload := req.ProjectMetadata.NetworkDiagramKey
	claim := upload
	if scheduled {
		claim = "" // every run of a schedule uses its owner's upload (checked and copied each time)
	}
	if upload != "" {
		// With an idempotency key a used upload may be a replay's: the
		// store answers the first task, or refuses the upload.
		if t.ProjectMetadata.NetworkDiagramKey, err = s.takeDiagram(ctx, p, t.ID, upload, scheduled || idemKey != ""); err != nil {
			return nil, false, err
		}
	}
	for _, c := range creds {
		t.CredentialIDs = append(t.CredentialIDs, c.ID)
		if !slices.Contains(t.Accounts, c.AccountID) {
			t.Accounts = append(t.Accounts, c.AccountID)
		}
	}
	copyKey := t.ProjectMetadata.NetworkDiagramKey
	existed, err := s.store.CreateTaskWithin(ctx, t, idemKey, store.ActiveLimits{PerWorkspace: s.limits.TasksPerWorkspace, PerUser: s.limits.TasksPerUser}, claim)
	if (err != nil || existed) && copyKey != "" {
		// This task was not made: its copy of the diagram goes.
		_ = s.blobs.Delete(context.WithoutCancel(ctx), copyKey)
	}
	if err != nil {
		return nil, false, err
	}
	if existed {
		return t, true, nil
	}
	// A task that cannot start exists (ended failed): it is answered with
	// the error, so the audit entry names it.
	return t, false, s.start(ctx, t)
}

// start starts the workflow; a task whose execution cannot start is
// failed with the reason rather than left pending.
func (s *Service) start(ctx context.Context, t *domain.Task) error {
	arn, err := s.orch.Start(ctx, t.ID, workflow.Input{TaskID: t.ID, WorkspaceID: t.WorkspaceID})
	if err != nil {
		reason := "the scan could not start: " + err.Error()
		_, _ = s.store.EndTask(context.WithoutCancel(ctx), t.WorkspaceID, t.ID, domain.TaskFailed, reason, s.now())
		return fmt.Errorf("start task %s: %w", t.ID, err)
	}
	now := s.now()
	if err := s.store.StartTask(ctx, t.WorkspaceID, t.ID, arn, now); err != nil && !domain.Is(err, domain.KindConflict) {
		return err
	}
	t.Status, t.ExecutionARN, t.StartedAt = domain.TaskRunning, arn, &now
	return nil
}

// usableCredentials keeps the request's credentials only if the caller may
// use every one: an admin any, a power user those it created or was
// assigned, a user those assigned to it. A credential it may not use is a
// 400 on credentialIds that does not tell whether it exists.
func (s *Service) usableCredentials(ctx context.Context, p *httpapi.Principal, ids []string) ([]domain.Credential, error) {
	if len(ids) == 0 {
		return nil, domain.Invalid("credentialIds", "choose at least one AWS account")
	}
	if len(ids) > 50 {
		return nil, domain.Invalid("credentialIds", "at most 50 accounts in one task")
	}
	uniq := []string{}
	for _, id := range ids {
		if !domain.ValidID(id) {
			return nil, domain.Invalidf("credentialIds", "%q is not a credential id", id)
		}
		if !slices.Contains(uniq, id) {
			uniq = append(uniq, id)
		}
	}
	creds, err := s.store.GetCredentials(ctx, p.WorkspaceID, uniq)
	if err != nil {
		return nil, err
	}
	var assigned []string
	if !p.Can(authz.ScopeAll) {
		if assigned, err = s.store.AssignedCredentialIDs(ctx, p.WorkspaceID, p.UserID); err != nil {
			return nil, err
		}
	}
	usable := map[string]domain.Credential{}
	for _, c := range creds {
		if p.Can(authz.ScopeAll) || slices.Contains(assigned, c.ID) || (p.Can(authz.ScopeManaged) && c.CreatedBy == p.UserID) {
			usable[c.ID] = c
		}
	}
	out := make([]domain.Credential, 0, len(uniq))
	for _, id := range uniq {
		c, ok := usable[id]
		if !ok {
			return nil, domain.Invalidf("credentialIds", "credential %s is not available to you", id)
		}
		if !c.IsActive {
			return nil, domain.Invalidf("credentialIds", "credential %s (%s) is inactive", c.Name, id)
		}
		out = append(out, c)
	}
	return out, oneCredentialPerAccount(out)
}

// oneCredentialPerAccount refuses a task that names two credentials
// reaching the same AWS account. Units are keyed by credential, so both
// could scan, but the report documents accounts: two inventories of one
// account would list every resource twice under one heading. The caller
// picks the credential it means.
func oneCredentialPerAccount(creds []domain.Credential) error {
	seen := map[string]domain.Credential{}
	for _, c := range creds {
		if first, ok := seen[c.AccountID]; ok {
			return domain.Invalidf("credentialIds", "credentials %q (%s) and %q (%s) both reach AWS account %s: choose one of them",
				first.Name, first.ID, c.Name, c.ID, c.AccountID)
		}
		seen[c.AccountID] = c
	}
	return nil
}

func validRegions(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, domain.Invalid("regions", "choose at least one region")
	}
	var out []string
	for _, r := range in {
		r = strings.TrimSpace(r)
		if !spec.IsRegion(r) {
			return nil, domain.Invalidf("regions", "unknown region %q", r)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

func validServices(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, nil
	}
	keys, err := spec.ParseKeys(strings.Join(in, ","))
	if err != nil {
		return nil, domain.Invalid("services", err.Error())
	}
	return keys, nil
}

// checkTemplate refuses a template the workspace does not have.
func (s *Service) checkTemplate(ctx context.Context, ws, id string) error {
	if id == "" || id == domain.BuiltinTemplate {
		return nil
	}
	if !domain.ValidID(id) {
		return domain.Invalid("templateId", "not a template id")
	}
	_, err := s.store.GetTemplate(ctx, ws, id)
	if domain.Is(err, domain.KindNotFound) {
		return domain.Invalid("templateId", "no such template in this workspace (GET /api/templates lists them)")
	}
	return err
}

// exclusions are the workspace's scope rules, then the task's own, each
// marked with where it came from, validated together.
func (s *Service) exclusions(ctx context.Context, ws string, own []domain.ScopeRule) ([]domain.ScopeRule, error) {
	own, err := scope.Validate("exclusions", own)
	if err != nil {
		return nil, err
	}
	w, err := s.store.GetWorkspace(ctx, ws)
	if err != nil {
		return nil, err
	}
	var all []domain.ScopeRule
	for _, r := range w.Exclusions {
		r.Source = "workspace"
		all = append(all, r)
	}
	for _, r := range own {
		r.Source = "task"
		all = append(all, r)
	}
	if len(all) > scope.MaxRules {
		return nil, domain.Invalidf("exclusions", "the workspace's and the task's rules make more than %d", scope.MaxRules)
	}
	return all, nil
}
