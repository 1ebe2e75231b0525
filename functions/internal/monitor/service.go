package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// ServiceStore is what the alert routes need of the table (*store.Store).
type ServiceStore interface {
	ListAlerts(ctx context.Context, ws string, f store.AlertFilter, p store.Page) (store.Listed[domain.Alert], error)
	GetAlert(ctx context.Context, ws, id string) (*domain.Alert, error)
	AcknowledgeAlert(ctx context.Context, ws, id, by string, version int) (*domain.Alert, error)
	ResolveAlert(ctx context.Context, ws, id, by, comment string, version int) (*domain.Alert, error)
	AuditEntries(ctx context.Context, ws string, ids []string) ([]domain.AuditEntry, error)
	GetMonitorState(ctx context.Context, ws string) (*store.MonitorState, error)
	PutAlertRule(ctx context.Context, rs *domain.AlertRuleSetting) error
}

var _ ServiceStore = (*store.Store)(nil)

// Service serves the alert routes.
type Service struct {
	store ServiceStore
}

// NewService builds the alert routes' service.
func NewService(st ServiceStore) *Service { return &Service{store: st} }

var listParams = []httpapi.Param{
	{Name: "status", Desc: "open, acknowledged or resolved"},
	{Name: "rule", Desc: "a rule id, such as failed_signins"},
	{Name: "severity", Desc: "low, medium or high"},
}

// Routes are the alert routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/alerts", Perm: authz.AlertsRead, Summary: "Security alerts, newest first",
			Query: httpapi.WithPage(listParams...), Reply: httpapi.List[domain.Alert]{}, Handler: s.list},
		{Method: "GET", Path: "/api/alerts/detail", Perm: authz.AlertsRead, Summary: "One security alert with its evidence: the audit entries that raised it",
			Query: httpapi.IDParam, Reply: AlertDetail{}, Handler: s.detail},
		{Method: "POST", Path: "/api/alerts/acknowledge", Perm: authz.AlertsUpdate, Summary: "Acknowledge an open alert: someone is looking into it",
			Body: AcknowledgeRequest{}, Reply: domain.Alert{}, Audit: httpapi.Audited("alerts.acknowledge", "alert"), Handler: s.acknowledge},
		{Method: "POST", Path: "/api/alerts/resolve", Perm: authz.AlertsUpdate, Summary: "Resolve an open or acknowledged alert, saying why",
			Body: ResolveRequest{}, Reply: domain.Alert{}, Audit: httpapi.Audited("alerts.resolve", "alert"), Handler: s.resolve},
		{Method: "GET", Path: "/api/alerts/rules", Perm: authz.AlertsRead, Summary: "The security monitor's rules: what each watches, whether it is on, its configuration",
			Reply: RulesReply{}, Handler: s.rules},
		{Method: "POST", Path: "/api/alerts/rules/update", Perm: authz.AlertsConfigure, Summary: "Turn a monitor rule on or off and change its configuration",
			Body: RuleUpdate{}, Reply: RuleView{}, Audit: httpapi.Audited("alerts.rules.update", "alert-rule"), Handler: s.updateRule},
	}
}

// AlertDetail is an alert with its evidence resolved to the audit
// entries of the workspace; MissingEvidence are the ids that are not
// (expired, or failed sign-ins of names no workspace knows).
type AlertDetail struct {
	domain.Alert
	EvidenceEntries []domain.AuditEntry `json:"evidenceEntries"`
	MissingEvidence []string            `json:"missingEvidence,omitempty"`
}

// AcknowledgeRequest acknowledges an alert; with a version, only if the
// alert is still at it.
type AcknowledgeRequest struct {
	ID      string `json:"id"`
	Version int    `json:"version,omitempty"`
}

// ResolveRequest resolves an alert with a comment saying why.
type ResolveRequest struct {
	ID      string `json:"id"`
	Comment string `json:"comment"`
	Version int    `json:"version,omitempty"`
}

// RuleView is a rule as the console shows it.
type RuleView struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Enabled     bool   `json:"enabled"`
	// Config is the rule's configuration; Defaults what it is when
	// never changed.
	Config    any        `json:"config"`
	Defaults  any        `json:"defaults"`
	Version   int        `json:"version"`
	UpdatedBy string     `json:"updatedBy,omitempty"`
	UpdatedAt *time.Time `json:"updatedAt,omitempty"`
}

// RulesReply lists every rule.
type RulesReply struct {
	Data []RuleView `json:"data"`
}

// RuleUpdate turns a rule on or off and, with config, replaces its
// configuration (fields left out take their defaults). Without a version
// the last write wins; with one, a rule changed since is a 409.
type RuleUpdate struct {
	Rule    string         `json:"rule"`
	Enabled *bool          `json:"enabled"`
	Config  map[string]any `json:"config,omitempty"`
	Version int            `json:"version,omitempty"`
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	q := r.URL.Query()
	f := store.AlertFilter{Status: domain.AlertStatus(q.Get("status")), Rule: q.Get("rule"), Severity: domain.AlertSeverity(q.Get("severity"))}
	if f.Status != "" && !f.Status.Valid() {
		return domain.Invalid("status", "must be one of "+strings.Join(f.Status.EnumValues(), ", "))
	}
	if f.Rule != "" {
		if _, ok := LookupRule(f.Rule); !ok {
			return domain.Invalid("rule", "must be one of "+strings.Join(ruleIDs(), ", "))
		}
	}
	if f.Severity != "" && !f.Severity.Valid() {
		return domain.Invalid("severity", "must be one of "+strings.Join(f.Severity.EnumValues(), ", "))
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Alert], error) {
		return s.store.ListAlerts(ctx, p.WorkspaceID, f, page)
	})
}

func checkID(id string) error {
	if !domain.ValidID(id) {
		return domain.Invalid("id", "is not an alert id")
	}
	return nil
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	id := r.URL.Query().Get("id")
	if err := checkID(id); err != nil {
		return err
	}
	a, err := s.store.GetAlert(ctx, p.WorkspaceID, id)
	if err != nil {
		return err
	}
	entries, err := s.store.AuditEntries(ctx, p.WorkspaceID, a.Evidence)
	if err != nil {
		return err
	}
	d := AlertDetail{Alert: *a, EvidenceEntries: entries}
	if d.EvidenceEntries == nil {
		d.EvidenceEntries = []domain.AuditEntry{}
	}
	for _, e := range a.Evidence {
		if !slices.ContainsFunc(entries, func(x domain.AuditEntry) bool { return x.ID == e }) {
			d.MissingEvidence = append(d.MissingEvidence, e)
		}
	}
	return httpapi.JSON(w, http.StatusOK, d)
}

// statusView is what the audit log keeps of an alert's handling.
func statusView(a *domain.Alert) map[string]any {
	return map[string]any{"rule": a.Rule, "subject": a.Subject, "status": a.Status, "version": a.Version}
}

func (s *Service) acknowledge(w http.ResponseWriter, r *http.Request) error {
	var req AcknowledgeRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	a, err := s.changeStatus(r, req.ID, req.Version, nil, func(ctx context.Context, ws, user string) (*domain.Alert, error) {
		return s.store.AcknowledgeAlert(ctx, ws, req.ID, user, req.Version)
	})
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, a)
}

// changeStatus is what acknowledging and resolving share: the id, the
// route's own check, the version, the alert read before, the change, and
// the audit entry of both.
func (s *Service) changeStatus(r *http.Request, id string, version int, check func() error,
	change func(ctx context.Context, ws, user string) (*domain.Alert, error)) (*domain.Alert, error) {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	ev := httpapi.AuditOf(r)
	ev.ResourceID = id
	if err := checkID(id); err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(); err != nil {
			return nil, err
		}
	}
	if version < 0 {
		return nil, domain.Invalid("version", "must be the version the alert was read at")
	}
	before, err := s.store.GetAlert(ctx, p.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	a, err := change(ctx, p.WorkspaceID, p.UserID)
	if err != nil {
		return nil, err
	}
	ev.Before, ev.After = statusView(before), statusView(a)
	return a, nil
}

// maxComment bounds a resolve comment, in characters.
const maxComment = 1000

func checkComment(c string) error {
	n := utf8.RuneCountInString(strings.TrimSpace(c))
	switch {
	case n == 0:
		return domain.Invalid("comment", "is required: say why the alert is resolved")
	case n > maxComment:
		return domain.Invalidf("comment", "at most %d characters", maxComment)
	}
	for _, r := range c {
		if (r < ' ' && r != '\n' && r != '\t') || r == 0x7f {
			return domain.Invalid("comment", "must not contain control characters")
		}
	}
	return nil
}

func (s *Service) resolve(w http.ResponseWriter, r *http.Request) error {
	var req ResolveRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	a, err := s.changeStatus(r, req.ID, req.Version, func() error { return checkComment(req.Comment) },
		func(ctx context.Context, ws, user string) (*domain.Alert, error) {
			return s.store.ResolveAlert(ctx, ws, req.ID, user, strings.TrimSpace(req.Comment), req.Version)
		})
	if err != nil {
		return err
	}
	httpapi.AuditOf(r).After.(map[string]any)["comment"] = a.ResolveComment
	return httpapi.JSON(w, http.StatusOK, a)
}

// settings reads a workspace's rule settings with the stored rows (for
// their creation times).
func (s *Service) settings(ctx context.Context, ws string) (Settings, []domain.AlertRuleSetting, error) {
	state, err := s.store.GetMonitorState(ctx, ws)
	if err != nil {
		return nil, nil, err
	}
	st, err := LoadSettings(state.Rules)
	if err != nil {
		httpapi.Logger(ctx).Warn("stored alert rule settings ignored", "error", err.Error())
	}
	return st, state.Rules, nil
}

func viewOf(r Rule, st Setting) RuleView {
	v := RuleView{ID: r.ID, Title: r.Title, Description: r.Description, Enabled: st.Enabled, Config: st.Config,
		Defaults: r.Default(), Version: st.Version, UpdatedBy: st.UpdatedBy}
	if !st.UpdatedAt.IsZero() {
		t := st.UpdatedAt
		v.UpdatedAt = &t
	}
	return v
}

func (s *Service) rules(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	st, _, err := s.settings(ctx, p.WorkspaceID)
	if err != nil {
		return err
	}
	out := RulesReply{Data: make([]RuleView, 0, len(catalog))}
	for _, rule := range catalog {
		out.Data = append(out.Data, viewOf(rule, st[rule.ID]))
	}
	return httpapi.JSON(w, http.StatusOK, out)
}

func (s *Service) updateRule(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var req RuleUpdate
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = req.Rule
	rule, ok := LookupRule(req.Rule)
	if !ok {
		return domain.Invalid("rule", "must be one of "+strings.Join(ruleIDs(), ", "))
	}
	if req.Enabled == nil {
		return domain.Invalid("enabled", "is required: true or false")
	}
	if req.Version < 0 {
		return domain.Invalid("version", "must be the version the rule was read at")
	}
	settings, stored, err := s.settings(ctx, p.WorkspaceID)
	if err != nil {
		return err
	}
	cur := settings[rule.ID]
	cfg := cur.Config
	if req.Config != nil {
		raw, err := json.Marshal(req.Config)
		if err != nil {
			return domain.Invalid("config", "must be an object")
		}
		if cfg, err = ParseConfig(rule.ID, raw); err != nil {
			return err
		}
	}
	if req.Version > 0 && req.Version != cur.Version {
		return domain.Conflict("the rule's setting changed since it was read: reload and try again")
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("encode rule %s: %w", rule.ID, err)
	}
	rs := &domain.AlertRuleSetting{WorkspaceID: p.WorkspaceID, Rule: rule.ID, Enabled: *req.Enabled, Config: raw, UpdatedBy: p.UserID}
	for _, old := range stored {
		if old.Rule == rule.ID {
			rs.Stamp = old.Stamp
		}
	}
	if err := s.store.PutAlertRule(ctx, rs); err != nil {
		return err
	}
	after := Setting{Enabled: rs.Enabled, Config: cfg, Version: rs.Version, UpdatedBy: rs.UpdatedBy, UpdatedAt: rs.UpdatedAt}
	ev.Before, ev.After = viewOf(rule, cur), viewOf(rule, after)
	return httpapi.JSON(w, http.StatusOK, viewOf(rule, after))
}
