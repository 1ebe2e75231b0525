package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Report template rows:
//
//	template PK WS#<ws>#TEMPLATE  SK TEMPLATE#<id>
//	marker   "template name" <ws>#<lower-case name>  (names are unique per workspace)
//
// A template is created in the transaction that claims its upload, so an
// upload makes one template, once, for the one who uploaded it.
type templateItem struct {
	Meta
	domain.Template
}

func templatePK(ws string) string { return "WS#" + ws + "#TEMPLATE" }
func templateSK(id string) string { return "TEMPLATE#" + id }

func templateName(t *domain.Template) Unique {
	return Unique{"template name", t.WorkspaceID + "#" + strings.ToLower(strings.TrimSpace(t.Name))}
}

// CreateTemplate stores a template at version 1 and marks its upload
// used by it, if the creator uploaded it and nothing used it yet.
func (s *Store) CreateTemplate(ctx context.Context, t *domain.Template, uploadKey string) error {
	now := s.now()
	t.CreatedAt, t.UpdatedAt, t.Version = now, now, 1
	it := &templateItem{Meta: Meta{PK: templatePK(t.WorkspaceID), SK: templateSK(t.ID), Type: "template"}, Template: *t}
	u := templateName(t)
	err := s.db.WriteTx().
		Put(s.table.Put(it).If("attribute_not_exists(PK)")).
		Put(s.table.Put(marker{PK: markerKey(u.Kind, u.Value), SK: "UNIQUE", Owner: owner(t.WorkspaceID, t.ID)}).If("attribute_not_exists(PK)")).
		Update(s.claimUpload(t.WorkspaceID, uploadKey, t.ID, t.CreatedBy)).
		Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		if refusal := s.uploadRefusal(ctx, t.WorkspaceID, uploadKey, t.CreatedBy); refusal != nil {
			return refusal
		}
		return domain.Conflict("a template named " + t.Name + " already exists")
	}
	if err != nil {
		return fmt.Errorf("create template %s: %w", t.ID, err)
	}
	return nil
}

// GetTemplate reads a template of a workspace.
func (s *Store) GetTemplate(ctx context.Context, ws, id string) (*domain.Template, error) {
	var it templateItem
	if err := s.get(ctx, templatePK(ws), templateSK(id), "template", &it); err != nil {
		return nil, err
	}
	return &it.Template, nil
}

// ListTemplates lists a workspace's templates, oldest first.
func (s *Store) ListTemplates(ctx context.Context, ws string, p Page) (Listed[domain.Template], error) {
	items, err := list[templateItem](ctx, s, query{pk: templatePK(ws), skPrefix: "TEMPLATE#"}, p)
	if err != nil {
		return Listed[domain.Template]{}, fmt.Errorf("list templates: %w", err)
	}
	return mapListed(items, func(it templateItem) domain.Template { return it.Template }), nil
}

// DeleteTemplate removes a template's row and frees its name.
func (s *Store) DeleteTemplate(ctx context.Context, t *domain.Template) error {
	if err := s.remove(ctx, templatePK(t.WorkspaceID), templateSK(t.ID), templateName(t)); err != nil {
		if domain.Is(err, domain.KindNotFound) {
			return domain.NotFound("template")
		}
		return fmt.Errorf("delete template %s: %w", t.ID, err)
	}
	return nil
}

// UpdateWorkspaceSettings writes a workspace's settings if its stored
// version is still version, and answers the workspace as written.
func (s *Store) UpdateWorkspaceSettings(ctx context.Context, ws string, set domain.WorkspaceSettings, version int) (*domain.Workspace, error) {
	var it workspaceItem
	u := s.table.Update("PK", workspacePK(ws)).Range("SK", "WORKSPACE").
		Set("reportRetentionDays", set.ReportRetentionDays).Set("defaultTemplateId", set.DefaultTemplateID)
	if len(set.Exclusions) > 0 {
		u = u.Set("exclusions", set.Exclusions)
	} else {
		u = u.Remove("exclusions")
	}
	err := u.Set("updatedAt", s.now()).Set("version", version+1).
		If("attribute_exists(PK) AND version = ?", version).Value(ctx, &it)
	if dynamo.IsCondCheckFailed(err) {
		return nil, domain.Conflict("the settings were changed by someone else since they were read: reload and try again")
	}
	if err != nil {
		return nil, fmt.Errorf("update settings of workspace %s: %w", ws, err)
	}
	return &it.Workspace, nil
}

// ClearDefaultTemplate makes the built-in template the default again if
// the workspace's default is id (a deleted template).
func (s *Store) ClearDefaultTemplate(ctx context.Context, ws, id string) error {
	err := s.table.Update("PK", workspacePK(ws)).Range("SK", "WORKSPACE").Set("defaultTemplateId", "").
		If("defaultTemplateId = ?", id).Run(ctx)
	if err != nil && !dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("clear default template of workspace %s: %w", ws, err)
	}
	return nil
}

// ListWorkspaces lists every workspace (the daily retention visits
// each): those indexed under WORKSPACES, and the default one, which a
// data folder older than the index may hold unindexed.
func (s *Store) ListWorkspaces(ctx context.Context) ([]domain.Workspace, error) {
	items, err := all[workspaceItem](ctx, s, query{index: GSI1, pk: workspacesPK})
	if err != nil {
		return nil, fmt.Errorf("list workspaces: %w", err)
	}
	out := make([]domain.Workspace, 0, len(items)+1)
	seen := map[string]bool{}
	for _, it := range items {
		out = append(out, it.Workspace)
		seen[it.ID] = true
	}
	var m marker
	err = s.get(ctx, markerKey("workspace", "default"), "UNIQUE", "workspace", &m)
	if domain.Is(err, domain.KindNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if ws, _, _ := cutOwner(m.Owner); !seen[ws] {
		w, err := s.GetWorkspace(ctx, ws)
		if err != nil {
			return nil, err
		}
		out = append(out, *w)
	}
	return out, nil
}
