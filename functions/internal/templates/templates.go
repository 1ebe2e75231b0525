// Package templates serves the report templates of a workspace and its
// settings: upload a .docx through a presigned PUT, create a template
// from it once it passes report.ParseTemplate's checks, list, download,
// delete, choose the workspace's default; and the workspace settings
// (report retention, the default template).
//
// The built-in template is listed first, with the id
// domain.BuiltinTemplate, and can be downloaded as the starting point of a
// consultancy's own.
package templates

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/report"
	"github.com/cloudcensus/cloudcensus/functions/internal/scope"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

const (
	contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	uploadTTL   = 15 * time.Minute
	// uploadRecordTTL is how long an upload can still be made a template.
	uploadRecordTTL = 24 * time.Hour
	downloadTTL     = 10 * time.Minute
)

// Store is what the routes need of the table (*store.Store).
type Store interface {
	CreateTemplate(ctx context.Context, t *domain.Template, uploadKey string) error
	GetTemplate(ctx context.Context, ws, id string) (*domain.Template, error)
	ListTemplates(ctx context.Context, ws string, p store.Page) (store.Listed[domain.Template], error)
	DeleteTemplate(ctx context.Context, t *domain.Template) error
	RecordUpload(ctx context.Context, ws, key, uploader string, expires time.Time) error
	GetUpload(ctx context.Context, ws, key string) (*store.Upload, error)
	GetWorkspace(ctx context.Context, id string) (*domain.Workspace, error)
	UpdateWorkspaceSettings(ctx context.Context, ws string, set domain.WorkspaceSettings, version int) (*domain.Workspace, error)
	ClearDefaultTemplate(ctx context.Context, ws, id string) error
}

var _ Store = (*store.Store)(nil)

// Uploads is the results bucket, where the console PUTs the file.
type Uploads interface {
	httpapi.Presigner
	Get(ctx context.Context, key string) (io.ReadCloser, error)
}

// Documents is the reports bucket, where templates are kept.
type Documents interface {
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Head(ctx context.Context, key string) (size int64, contentType string, err error)
	Delete(ctx context.Context, key string) error
	PresignGet(ctx context.Context, key, fileName string, ttl time.Duration) (string, error)
}

// Service serves the template and settings routes.
type Service struct {
	store   Store
	uploads Uploads
	docs    Documents
	now     func() time.Time
}

// New builds the service.
func New(st Store, uploads Uploads, docs Documents) *Service {
	return &Service{store: st, uploads: uploads, docs: docs, now: func() time.Time { return time.Now().UTC() }}
}

// Routes are the template and settings routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/templates", Perm: authz.TemplatesRead, Summary: "Report templates, the built-in one first",
			Query: httpapi.WithPage(), Reply: httpapi.List[domain.Template]{}, Handler: s.list},
		{Method: "GET", Path: "/api/templates/detail", Perm: authz.TemplatesRead, Summary: "One report template with the placeholders it uses",
			Query: httpapi.IDParam, Reply: domain.Template{}, Handler: s.detail},
		{Method: "GET", Path: "/api/templates/download", Perm: authz.TemplatesRead, Summary: "A download link to the template's .docx that works for 10 minutes",
			Query: httpapi.IDParam, Reply: Download{}, Handler: s.download},
		{Method: "POST", Path: "/api/templates/upload", Perm: authz.TemplatesCreate, Summary: "A presigned PUT for a .docx template (at most 10 MB)",
			Body: UploadRequest{}, Reply: httpapi.Upload{}, Handler: s.upload},
		{Method: "POST", Path: "/api/templates/create", Perm: authz.TemplatesCreate, Summary: "Check an uploaded .docx and keep it as a template",
			Body: CreateRequest{}, Reply: domain.Template{}, Status: 201, Audit: httpapi.Audited("templates.create", "template"), Handler: s.create},
		{Method: "POST", Path: "/api/templates/delete", Perm: authz.TemplatesDelete, Summary: "Delete a template; tasks that named it use the workspace's default",
			Body: httpapi.IDBody{}, Status: 204, Audit: httpapi.Audited("templates.delete", "template"), Handler: s.delete},
		{Method: "POST", Path: "/api/templates/default", Perm: authz.TemplatesDefault, Summary: "Make a template the workspace's default (builtin: the built-in one)",
			Body: httpapi.IDBody{}, Reply: domain.WorkspaceSettings{}, Audit: httpapi.Audited("templates.default", "template"), Handler: s.setDefault},
		{Method: "GET", Path: "/api/settings", Perm: authz.SettingsRead, Summary: "The workspace's settings",
			Reply: Settings{}, Handler: s.settings},
		{Method: "POST", Path: "/api/settings/update", Perm: authz.SettingsUpdate, Summary: "Change the workspace's report retention and the scope rules every task applies",
			Body: SettingsUpdate{}, Reply: Settings{}, Audit: httpapi.Audited("settings.update", "workspace"), Handler: s.updateSettings},
	}
}

// UploadRequest asks for a template upload URL.
type UploadRequest struct {
	Size int64 `json:"size"`
}

// CreateRequest names the new template and its upload.
type CreateRequest struct {
	Name      string `json:"name"`
	UploadKey string `json:"uploadKey"`
}

// Download is a short-lived link to a template's file.
type Download struct {
	URL       string `json:"url"`
	ExpiresIn int    `json:"expiresIn"`
	FileName  string `json:"fileName"`
}

// Settings are the workspace's settings with the version to send back.
type Settings struct {
	domain.WorkspaceSettings
	Version int `json:"version"`
}

// SettingsUpdate changes the retention and, when given, the workspace's
// scope rules; the default template has its own route.
type SettingsUpdate struct {
	ReportRetentionDays int                 `json:"reportRetentionDays"`
	Exclusions          *[]domain.ScopeRule `json:"exclusions,omitempty"`
	Version             int                 `json:"version"`
}

func (s *Service) upload(w http.ResponseWriter, r *http.Request) error {
	var req UploadRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	switch {
	case req.Size <= 0:
		return domain.Invalid("size", "must be the file's size in bytes")
	case req.Size > report.MaxTemplateSize:
		return domain.TooLarge(fmt.Sprintf("a template may be at most %d MB", report.MaxTemplateSize>>20))
	}
	p := httpapi.PrincipalFrom(r.Context())
	key := layout.TemplateUploadKey(p.WorkspaceID, domain.NewID())
	if err := s.store.RecordUpload(r.Context(), p.WorkspaceID, key, p.UserID, s.now().Add(uploadRecordTTL)); err != nil {
		return err
	}
	up, err := httpapi.PresignUpload(r.Context(), s.uploads, key, contentType, req.Size, uploadTTL)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, up)
}

// create reads the upload once, checks those bytes and keeps those bytes:
// a PUT racing the check cannot slip another file in.
func (s *Service) create(w http.ResponseWriter, r *http.Request) error {
	var req CreateRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	req.Name = strings.TrimSpace(req.Name)
	if err := domain.ValidateName(req.Name); err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	if !strings.HasPrefix(req.UploadKey, strings.TrimSuffix(layout.TemplateUploadKey(p.WorkspaceID, ""), ".docx")) {
		return domain.Invalid("uploadKey", "not a template upload of this workspace: ask /api/templates/upload for one")
	}
	data, err := s.readUpload(r.Context(), p, req.UploadKey)
	if err != nil {
		return err
	}
	tpl, err := report.ParseTemplate(data)
	var te *report.TemplateError
	if errors.As(err, &te) {
		return domain.Invalid("uploadKey", te.Reason)
	}
	if err != nil {
		return err
	}
	t := &domain.Template{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, Name: req.Name, FileSize: int64(len(data)),
		Placeholders: tpl.Placeholders, CreatedBy: p.UserID}
	t.S3Key = layout.ReportTemplateKey(p.WorkspaceID, t.ID)
	ev := httpapi.AuditOf(r)
	ev.ResourceID = t.ID
	if err := s.docs.Put(r.Context(), t.S3Key, bytes.NewReader(data), contentType); err != nil {
		return err
	}
	if err := s.store.CreateTemplate(r.Context(), t, req.UploadKey); err != nil {
		// The row was not written: the kept file has no owner.
		if derr := s.docs.Delete(context.WithoutCancel(r.Context()), t.S3Key); derr != nil {
			err = errors.Join(err, derr)
		}
		return err
	}
	ev.After = t
	return httpapi.JSON(w, http.StatusCreated, t)
}

// readUpload checks the upload is the caller's and unused, and reads it
// within the size limit.
func (s *Service) readUpload(ctx context.Context, p *httpapi.Principal, key string) ([]byte, error) {
	const field = "uploadKey"
	up, err := s.store.GetUpload(ctx, p.WorkspaceID, key)
	switch {
	case domain.Is(err, domain.KindNotFound):
		return nil, domain.Invalid(field, "no upload was prepared under this key (or it expired): upload the template again")
	case err != nil:
		return nil, err
	case up.Uploader != p.UserID:
		return nil, domain.Invalid(field, "this upload is not yours: upload the template yourself")
	case up.UsedBy != "":
		return nil, domain.Invalid(field, "this upload was already made a template: upload the file again")
	}
	rc, err := s.uploads.Get(ctx, key)
	if domain.Is(err, domain.KindNotFound) {
		return nil, domain.Invalid(field, "no file was uploaded under this key")
	}
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, report.MaxTemplateSize+1))
	if err != nil {
		return nil, fmt.Errorf("read template upload %s: %w", key, err)
	}
	if len(data) > report.MaxTemplateSize {
		return nil, domain.Invalid(field, fmt.Sprintf("the file is larger than %d MB", report.MaxTemplateSize>>20))
	}
	return data, nil
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	ws, err := s.store.GetWorkspace(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Template], error) {
		l, err := s.store.ListTemplates(r.Context(), p.WorkspaceID, page)
		if err != nil {
			return l, err
		}
		for i := range l.Items {
			l.Items[i].Default = l.Items[i].ID == ws.DefaultTemplateID
		}
		if page.Cursor == "" { // the built-in one heads the first page
			l.Items = append([]domain.Template{builtinEntry(ws)}, l.Items...)
			l.Total++
		}
		return l, nil
	})
}

func builtinEntry(ws *domain.Workspace) domain.Template {
	return domain.Template{ID: domain.BuiltinTemplate, Name: report.PlatformName + " (built-in)",
		Placeholders: report.KnownPlaceholders(), BuiltIn: true, Default: ws.DefaultTemplateID == ""}
}

// find reads a template or the built-in entry.
func (s *Service) find(ctx context.Context, p *httpapi.Principal, id string) (*domain.Template, *domain.Workspace, error) {
	ws, err := s.store.GetWorkspace(ctx, p.WorkspaceID)
	if err != nil {
		return nil, nil, err
	}
	if id == domain.BuiltinTemplate {
		t := builtinEntry(ws)
		return &t, ws, nil
	}
	if !domain.ValidID(id) {
		return nil, nil, domain.Invalid("id", "not a template id")
	}
	t, err := s.store.GetTemplate(ctx, p.WorkspaceID, id)
	if domain.Is(err, domain.KindNotFound) {
		return nil, nil, domain.NotFound("template")
	}
	if err != nil {
		return nil, nil, err
	}
	t.Default = t.ID == ws.DefaultTemplateID
	return t, ws, nil
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	t, _, err := s.find(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, t)
}

// download links the template's file. The built-in one is written to the
// bucket under its content's hash the first time it is asked for.
func (s *Service) download(w http.ResponseWriter, r *http.Request) error {
	t, _, err := s.find(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	key, name := t.S3Key, safeFileName(t.Name)+".docx"
	if t.BuiltIn {
		if key, err = s.publishBuiltin(r.Context()); err != nil {
			return err
		}
		name = "CloudCensus-template.docx"
	}
	url, err := s.docs.PresignGet(r.Context(), key, name, downloadTTL)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, Download{URL: url, ExpiresIn: int(downloadTTL.Seconds()), FileName: name})
}

func (s *Service) publishBuiltin(ctx context.Context) (string, error) {
	data, err := report.BuiltinTemplate()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	key := layout.ReportTemplateKey("builtin", hex.EncodeToString(sum[:8]))
	if _, _, err := s.docs.Head(ctx, key); err == nil {
		return key, nil
	} else if !domain.Is(err, domain.KindNotFound) {
		return "", err
	}
	return key, s.docs.Put(ctx, key, bytes.NewReader(data), contentType)
}

// safeFileName keeps a template's name readable in a file name.
func safeFileName(name string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f || strings.ContainsRune(`<>:"/\|?*`, r):
			return '-'
		}
		return r
	}, name)
	return strings.Trim(out, " .-")
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	if id == domain.BuiltinTemplate {
		return domain.Conflict("the built-in template cannot be deleted")
	}
	p := httpapi.PrincipalFrom(r.Context())
	t, _, err := s.find(r.Context(), p, id)
	if err != nil {
		return err
	}
	ev.Before = t
	if err := s.store.ClearDefaultTemplate(r.Context(), p.WorkspaceID, t.ID); err != nil {
		return err
	}
	if err := s.store.DeleteTemplate(r.Context(), t); err != nil {
		return err
	}
	if err := s.docs.Delete(r.Context(), t.S3Key); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

func (s *Service) setDefault(w http.ResponseWriter, r *http.Request) error {
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	t, ws, err := s.find(r.Context(), p, id)
	if err != nil {
		return err
	}
	set := ws.WorkspaceSettings
	ev.Before = set
	set.DefaultTemplateID = t.ID
	if t.BuiltIn {
		set.DefaultTemplateID = ""
	}
	ws, err = s.store.UpdateWorkspaceSettings(r.Context(), p.WorkspaceID, set, ws.Version)
	if err != nil {
		return err
	}
	ev.After = ws.WorkspaceSettings
	return httpapi.JSON(w, http.StatusOK, ws.WorkspaceSettings)
}

func (s *Service) settings(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.store.GetWorkspace(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, Settings{WorkspaceSettings: ws.WorkspaceSettings, Version: ws.Version})
}

func (s *Service) updateSettings(w http.ResponseWriter, r *http.Request) error {
	var req SettingsUpdate
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	if req.ReportRetentionDays < 0 || req.ReportRetentionDays > domain.MaxReportRetentionDays {
		return domain.Invalid("reportRetentionDays", fmt.Sprintf("must be 0 (keep reports forever) or 1 to %d days", domain.MaxReportRetentionDays))
	}
	p := httpapi.PrincipalFrom(r.Context())
	ws, err := s.store.GetWorkspace(r.Context(), p.WorkspaceID)
	if err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID, ev.Before = ws.ID, ws.WorkspaceSettings
	set := ws.WorkspaceSettings
	set.ReportRetentionDays = req.ReportRetentionDays
	if req.Exclusions != nil {
		if set.Exclusions, err = scope.Validate("exclusions", *req.Exclusions); err != nil {
			return err
		}
	}
	if ws, err = s.store.UpdateWorkspaceSettings(r.Context(), p.WorkspaceID, set, req.Version); err != nil {
		return err
	}
	ev.After = ws.WorkspaceSettings
	return httpapi.JSON(w, http.StatusOK, Settings{WorkspaceSettings: ws.WorkspaceSettings, Version: ws.Version})
}
