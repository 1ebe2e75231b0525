package credentials

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/roletemplate"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// templateLinkTTL is how long the quick-create link's template URL works.
const templateLinkTTL = time.Hour

func (s *Service) roleTemplate(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	ext := r.URL.Query().Get("externalId")
	if ext == "" {
		ext = domain.NewExternalID()
	} else if err := domain.ValidateExternalID("externalId", ext); err != nil {
		return err
	}
	principal, err := s.d.AWS.PlatformPrincipal(ctx, p.WorkspaceID)
	if err != nil {
		return domain.Unavailable("the platform principal cannot be determined; set the base role or the execution role's ARN", err)
	}
	actions := spec.ReadActions()
	if r.URL.Query().Get("organization") == "true" {
		// An organization credential's role also lists the members: the
		// management (or delegated administrator) account's stack.
		actions = append(actions, orgActions...)
	}
	t, err := roletemplate.Build(roletemplate.Params{PrincipalARN: principal, ExternalID: ext, HomeRegion: s.d.Region,
		Actions: actions})
	if err != nil {
		return err
	}
	// The console reads the template from S3: publish it under a key named
	// by its content (the same template is stored once) and link to it.
	sum := sha256.Sum256([]byte(t.Template))
	key := layout.TemplateKey(hex.EncodeToString(sum[:16]))
	if err := s.d.Templates.Put(ctx, key, strings.NewReader(t.Template), "application/x-yaml"); err != nil {
		return err
	}
	url, err := s.d.Templates.PresignGet(ctx, key, "cloudcensus-scanner-role.yaml", templateLinkTTL)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, RoleTemplate{
		Template: t.Template, StackSetTemplate: t.StackSetTemplate,
		QuickCreateURL: roletemplate.QuickCreateURL(s.d.Region, url, ext),
		PrincipalARN:   principal, ExternalID: ext, Actions: t.Actions,
	})
}
