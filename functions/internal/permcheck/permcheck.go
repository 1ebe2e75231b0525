// Package permcheck answers, in one call, which of many actions on which
// resources the caller may take (seed 002's batch checks): the console
// asks it to enable buttons row by row. Each answer applies the rules the
// handlers apply: the permission, then whether the caller sees the
// resource, then whether it may change it (its creator, or scope:all; a
// credential assigned to a user is used, not managed).
package permcheck

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/visibility"
)

// MaxChecks bounds one call.
const MaxChecks = 100

// Store is what the checks read (*store.Store).
type Store interface {
	visibility.Credentials
	GetTask(ctx context.Context, ws, id string) (*domain.Task, error)
	GetReport(ctx context.Context, ws, id string) (*domain.Report, error)
	GetCredential(ctx context.Context, ws, id string) (*domain.Credential, error)
	AssignedCredentialIDs(ctx context.Context, ws, userID string) ([]string, error)
	GetSchedule(ctx context.Context, ws, id string) (*domain.Schedule, error)
	GetChannel(ctx context.Context, ws, id string) (*domain.Channel, error)
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
}

var _ Store = (*store.Store)(nil)

// Service serves the check route.
type Service struct{ store Store }

// New builds the service.
func New(st Store) *Service { return &Service{store: st} }

// Routes is the batch check route.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "POST", Path: "/api/auth/permissions/check", Perm: authz.AuthSelf, Summary: "Which of these actions on these resources the caller may take",
			Body: Request{}, Reply: Answer{}, Handler: s.check},
	}
}

// Check is one question: a permission, alone or on one resource.
type Check struct {
	Permission   string `json:"permission"`
	ResourceType string `json:"resourceType,omitempty"` // task, report, credential, schedule, channel, user
	ResourceID   string `json:"resourceId,omitempty"`
}

// Request is the batch.
type Request struct {
	Checks []Check `json:"checks"`
}

// Result answers one check; Reason says why not.
type Result struct {
	Check
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason,omitempty"`
}

// Answer is the batch's answers, in the order asked.
type Answer struct {
	Results []Result `json:"results"`
}

func (s *Service) check(w http.ResponseWriter, r *http.Request) error {
	var req Request
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	switch {
	case len(req.Checks) == 0:
		return domain.Invalid("checks", "ask at least one check")
	case len(req.Checks) > MaxChecks:
		return domain.Invalidf("checks", "at most %d checks in one call", MaxChecks)
	}
	p := httpapi.PrincipalFrom(r.Context())
	c := &checker{s: s, p: p}
	out := Answer{Results: make([]Result, 0, len(req.Checks))}
	for i, ch := range req.Checks {
		if _, ok := authz.Known([]string{ch.Permission}); !ok {
			return domain.Invalidf(fmt.Sprintf("checks[%d].permission", i), "%q is not a permission", ch.Permission)
		}
		if (ch.ResourceType == "") != (ch.ResourceID == "") {
			return domain.Invalid(fmt.Sprintf("checks[%d]", i), "give both resourceType and resourceId, or neither")
		}
		res, err := c.one(r.Context(), ch)
		if err != nil {
			return err
		}
		out.Results = append(out.Results, res)
	}
	return httpapi.JSON(w, http.StatusOK, out)
}

// checker answers the checks of one caller, reading its visibility once.
type checker struct {
	s        *Service
	p        *httpapi.Principal
	vis      *store.Visibility
	visRead  bool
	assigned []string
}

func (c *checker) visibility(ctx context.Context) (*store.Visibility, error) {
	if !c.visRead {
		v, err := visibility.Of(ctx, c.p, c.s.store)
		if err != nil {
			return nil, err
		}
		c.vis, c.visRead = v, true
	}
	return c.vis, nil
}

// changes reports whether a permission changes what it acts on (and so
// needs the caller to own it, beyond seeing it).
func changes(perm string) bool {
	_, verb, _ := strings.Cut(perm, ":")
	return slices.Contains([]string{"update", "delete", "cancel", "assign"}, verb)
}

func (c *checker) one(ctx context.Context, ch Check) (Result, error) {
	res := Result{Check: ch}
	if !c.p.Can(ch.Permission) {
		res.Reason = "you do not hold " + ch.Permission
		return res, nil
	}
	if ch.ResourceType == "" {
		res.Allowed = true
		return res, nil
	}
	if !domain.ValidID(ch.ResourceID) {
		res.Reason = "not an id"
		return res, nil
	}
	ws := c.p.WorkspaceID
	var createdBy string
	var credIDs []string
	var err error
	switch ch.ResourceType {
	case "task":
		var t *domain.Task
		if t, err = c.s.store.GetTask(ctx, ws, ch.ResourceID); err == nil {
			createdBy, credIDs = t.CreatedBy, t.CredentialIDs
		}
	case "report":
		var rep *domain.Report
		if rep, err = c.s.store.GetReport(ctx, ws, ch.ResourceID); err == nil {
			createdBy, credIDs = rep.CreatedBy, rep.CredentialIDs
		}
	case "schedule":
		var sc *domain.Schedule
		if sc, err = c.s.store.GetSchedule(ctx, ws, ch.ResourceID); err == nil {
			createdBy, credIDs = sc.CreatedBy, sc.CredentialIDs
		}
	case "channel":
		var ch2 *domain.Channel
		if ch2, err = c.s.store.GetChannel(ctx, ws, ch.ResourceID); err == nil {
			createdBy = ch2.CreatedBy
		}
	case "credential":
		return c.credential(ctx, res)
	case "user":
		if _, err = c.s.store.GetUser(ctx, ws, ch.ResourceID); err == nil {
			res.Allowed = true
			return res, nil
		}
	default:
		res.Reason = "unknown resource type " + ch.ResourceType
		return res, nil
	}
	if domain.Is(err, domain.KindNotFound) {
		res.Reason = "not found"
		return res, nil
	}
	if err != nil {
		return res, err
	}
	v, err := c.visibility(ctx)
	if err != nil {
		return res, err
	}
	switch {
	case !visibility.CanSee(v, createdBy, credIDs):
		res.Reason = "not found" // what the handler answers: 404, not 403
	case changes(ch.Permission) && !visibility.Owns(c.p, createdBy):
		res.Reason = "only its creator or an administrator may do this"
	default:
		res.Allowed = true
	}
	return res, nil
}

// credential: the creator manages it, an assigned user uses it, scope:all
// manages every one.
func (c *checker) credential(ctx context.Context, res Result) (Result, error) {
	cred, err := c.s.store.GetCredential(ctx, c.p.WorkspaceID, res.ResourceID)
	if domain.Is(err, domain.KindNotFound) {
		res.Reason = "not found"
		return res, nil
	}
	if err != nil {
		return res, err
	}
	if c.p.Can(authz.ScopeAll) || cred.CreatedBy == c.p.UserID {
		res.Allowed = true
		return res, nil
	}
	if c.assigned == nil {
		if c.assigned, err = c.s.store.AssignedCredentialIDs(ctx, c.p.WorkspaceID, c.p.UserID); err != nil {
			return res, err
		}
		if c.assigned == nil {
			c.assigned = []string{}
		}
	}
	switch {
	case !slices.Contains(c.assigned, cred.ID):
		res.Reason = "not found"
	case changes(res.Permission):
		res.Reason = "the credential is assigned to you to use; only its creator or an administrator may change it"
	default:
		res.Allowed = true
	}
	return res, nil
}
