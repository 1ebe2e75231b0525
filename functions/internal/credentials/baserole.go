package credentials

import (
	"net/http"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

func baseRoleView(b *domain.BaseRole) BaseRoleView {
	v := BaseRoleView{Mode: b.Mode, AccessKeyID: domain.MaskKeyID(b.AccessKeyID), Version: b.Version}
	if b.Version > 0 {
		v.UpdatedAt = b.UpdatedAt.UTC().Format(time.RFC3339)
	}
	return v
}

func (s *Service) getBaseRole(w http.ResponseWriter, r *http.Request) error {
	b, err := s.d.Store.GetBaseRole(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, baseRoleView(b))
}

func (s *Service) setBaseRole(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	ev := httpapi.AuditOf(r)
	ev.ResourceID = domain.BaseRoleSecretID
	var body BaseRoleBody
	if err := httpapi.Decode(r, &body); err != nil {
		return err
	}
	before, err := s.d.Store.GetBaseRole(ctx, p.WorkspaceID)
	if err != nil {
		return err
	}
	bv := baseRoleView(before)
	ev.Before = &bv
	b := *before
	b.UpdatedBy = p.UserID
	if err := s.applyBaseRole(r, &b, body); err != nil {
		return err
	}
	if err := s.d.Store.PutBaseRole(ctx, &b); err != nil {
		return err
	}
	av := baseRoleView(&b)
	ev.After = &av
	return httpapi.JSON(w, http.StatusOK, av)
}

// applyBaseRole sets the mode and, for a base access key, the key: the
// stored secret stays when the key id does not change and no new secret
// is given.
func (s *Service) applyBaseRole(r *http.Request, b *domain.BaseRole, body BaseRoleBody) error {
	keyID := strings.TrimSpace(body.AccessKeyID)
	switch body.Mode {
	case domain.BaseExecutionRole:
		if keyID != "" || body.SecretAccessKey != "" {
			return domain.Invalid("accessKeyId", "only the access_key mode has an access key")
		}
		b.Mode, b.AccessKeyID, b.Secret = domain.BaseExecutionRole, "", nil
		return nil
	case domain.BaseAccessKey:
	default:
		return domain.Invalid("mode", "must be execution_role or access_key")
	}
	if err := domain.ValidateAccessKeyID("accessKeyId", keyID); err != nil {
		return err
	}
	keep := b.Mode == domain.BaseAccessKey && b.AccessKeyID == keyID && b.Secret != nil
	b.Mode, b.AccessKeyID = domain.BaseAccessKey, keyID
	if body.SecretAccessKey == "" {
		if keep {
			return nil
		}
		return domain.Invalid("secretAccessKey", "is required for a new access key")
	}
	if err := domain.ValidateSecretKey("secretAccessKey", body.SecretAccessKey); err != nil {
		return err
	}
	sealed, err := s.d.Secrets.Seal(r.Context(), b.WorkspaceID, domain.BaseRoleSecretID, body.SecretAccessKey)
	if err != nil {
		return err
	}
	b.Secret = &sealed
	return nil
}
