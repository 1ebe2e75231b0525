package users

import (
	"net/http"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// IDBody names one resource in a POST body.
type IDBody struct {
	ID string `json:"id"`
}

// Handlers binds the user routes.
func (s *Service) Handlers() httpapi.Handlers {
	return httpapi.Handlers{
		"GET /api/users":         s.list,
		"GET /api/users/detail":  s.detail,
		"POST /api/users/create": s.create,
		"POST /api/users/update": s.update,
		"POST /api/users/delete": s.delete,
	}
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	page, err := httpapi.ParsePage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.UserFilter{Role: domain.Role(q.Get("role")), Status: domain.UserStatus(q.Get("status")), Search: strings.TrimSpace(q.Get("search"))}
	if f.Role != "" && !f.Role.Valid() {
		return domain.Invalid("role", "must be admin, power_user or user")
	}
	if f.Status != "" && !f.Status.Valid() {
		return domain.Invalid("status", "must be active, inactive or locked")
	}
	l, err := s.store.ListUsers(r.Context(), p.WorkspaceID, f, store.Page{Number: page.Page, Size: page.PageSize, Cursor: page.Cursor})
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, httpapi.NewList(l.Items, page, l.Total, l.Next))
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	u, err := s.getVisible(r.Context(), p.WorkspaceID, r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, u)
}

func (s *Service) create(w http.ResponseWriter, r *http.Request) error {
	var n NewUser
	ev := audit.Event{Action: "users.create", ResourceType: "user"}
	if err := httpapi.Decode(r, &n); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.After = map[string]any{"username": n.Username, "email": n.Email, "role": n.Role, "temporary": n.Temporary}
	u, err := s.Create(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID, n)
	if err == nil {
		ev.ResourceID, ev.After = u.ID, u
	}
	if err := s.audit.Record(r, ev, err); err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusCreated, u)
}

func (s *Service) update(w http.ResponseWriter, r *http.Request) error {
	var up Update
	ev := audit.Event{Action: "users.update", ResourceType: "user"}
	if err := httpapi.Decode(r, &up); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.ResourceID = up.ID
	before, after, err := s.Apply(r.Context(), httpapi.PrincipalFrom(r.Context()), up)
	if err == nil {
		ev.Before, ev.After = before, after
		if after.Role.Rank() > before.Role.Rank() {
			ev.Action = "users.elevate" // a role raise is a security event of its own
			httpapi.Logger(r.Context()).Warn("security alert: role raised", "user", after.ID, "from", before.Role, "to", after.Role)
		}
	}
	if err := s.audit.Record(r, ev, err); err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, after)
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	var b IDBody
	ev := audit.Event{Action: "users.delete", ResourceType: "user"}
	if err := httpapi.Decode(r, &b); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.ResourceID = b.ID
	u, err := s.Delete(r.Context(), httpapi.PrincipalFrom(r.Context()), b.ID)
	if err == nil {
		ev.Before = u
	}
	if err := s.audit.Record(r, ev, err); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}
