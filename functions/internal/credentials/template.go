package credentials

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
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
	out := RoleTemplate{Template: t.Template, StackSetTemplate: t.StackSetTemplate, PrincipalARN: principal, ExternalID: ext, Actions: t.Actions,
		RoleARN: "arn:aws:iam::<account-id>:role/" + roletemplate.RoleName}
	if fetchable(url) {
		expires := s.d.Now().UTC().Add(templateLinkTTL)
		out.QuickCreateURL, out.QuickCreateExpiresAt = roletemplate.QuickCreateURL(s.d.Region, url, ext), &expires
	} else {
		out.Steps = manualSteps(s.d.Region, ext)
	}
	if out.Steps == nil {
		out.Steps = []string{}
	}
	return httpapi.JSON(w, http.StatusOK, out)
}

// fetchable reports whether CloudFormation could fetch a template URL:
// https on a public host, not this machine's stand-in S3.
func fetchable(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return false
	}
	if ip := net.ParseIP(h); ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified()) {
		return false
	}
	return true
}

// manualSteps deploy the downloaded template by hand, where no link can
// work.
func manualSteps(region, externalID string) []string {
	return []string{
		"Download the template (cloudcensus-scanner-role.yaml) with the button beside it.",
		"In the target account, open the CloudFormation console (https://" + region + ".console.aws.amazon.com/cloudformation/home?region=" + region + "#/stacks/create) and choose Create stack › With new resources (standard).",
		"Choose Upload a template file, select the downloaded file, then Next.",
		"Name the stack " + roletemplate.RoleName + " and keep the parameter ExternalId as " + externalID + ", then Next.",
		"Acknowledge that the stack creates an IAM role with a custom name, then Submit.",
		"When the stack is CREATE_COMPLETE, copy the RoleArn output into this credential's role ARN, and validate it.",
	}
}
