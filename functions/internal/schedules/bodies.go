package schedules

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedexpr"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// CreateBody is a new schedule: the task it runs and when.
type CreateBody struct {
	Name            string                 `json:"name"`
	Expression      string                 `json:"expression"`
	Timezone        string                 `json:"timezone"`
	CredentialIDs   []string               `json:"credentialIds"`
	Regions         []string               `json:"regions"`
	Services        []string               `json:"services,omitempty"`
	ProjectMetadata domain.ProjectMetadata `json:"projectMetadata"`
	TemplateID      string                 `json:"templateId,omitempty"`
	Exclusions      []domain.ScopeRule     `json:"exclusions,omitempty"`
	// Enabled defaults to true.
	Enabled    *bool    `json:"enabled,omitempty"`
	ChannelIDs []string `json:"channelIds,omitempty"`
}

// UpdateBody replaces a schedule's settings; Version is the one read.
type UpdateBody struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	CreateBody
}

// maxNameLen leaves room in the task's name (at most 200) for the run's
// time, which each run appends.
const (
	maxNameLen  = 100
	maxChannels = 10
)

// apply validates b as p and writes it into sc (new or read), with the
// anchor and next run as of now. Every refusal names its field.
func (s *Service) apply(ctx context.Context, p *httpapi.Principal, b CreateBody, sc *domain.Schedule) error {
	name := strings.TrimSpace(b.Name)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return domain.Invalid("name", "is required")
	case n > maxNameLen:
		return domain.Invalidf("name", "at most %d characters", maxNameLen)
	}
	if strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return domain.Invalid("name", "must not contain control characters")
	}
	e, err := schedexpr.Parse(b.Expression)
	if err != nil {
		return exprError(err)
	}
	if err := e.CheckFloor(Floor); err != nil {
		return exprError(err)
	}
	zone := strings.TrimSpace(b.Timezone)
	if zone == "" {
		zone = "UTC"
	}
	if _, err := schedexpr.LoadZone(zone); err != nil {
		return exprError(err)
	}
	req, err := s.d.Tasks.Check(ctx, p, tasks.CreateRequest{Name: name, CredentialIDs: b.CredentialIDs, Regions: b.Regions,
		Services: b.Services, ProjectMetadata: b.ProjectMetadata, TemplateID: b.TemplateID,
		Exclusions: b.Exclusions})
	if err != nil {
		return err
	}
	channels, err := s.channels(ctx, p, b.ChannelIDs)
	if err != nil {
		return err
	}
	now := s.now()
	sc.Name, sc.Expression, sc.Timezone = name, e.String(), zone
	sc.CredentialIDs, sc.Regions, sc.Services, sc.ProjectMetadata = req.CredentialIDs, req.Regions, req.Services, req.ProjectMetadata
	sc.TemplateID, sc.Exclusions = req.TemplateID, req.Exclusions
	sc.ChannelIDs = channels
	sc.Enabled = b.Enabled == nil || *b.Enabled
	// Scheduler counts rate() from a schedule's creation or update: so does
	// the anchor, to the second as Scheduler's times are.
	sc.Anchor = now.Truncate(time.Second)
	sc.NextRunAt = time.Time{}
	if sc.Enabled {
		t, _ := timingOf(sc) // parsed above
		if sc.NextRunAt = t.next(now); sc.NextRunAt.IsZero() {
			return domain.Invalid("expression", "has no run after now: choose a later time or disable the schedule")
		}
	}
	return nil
}

// exprError turns a schedexpr refusal into a 400 naming its field.
func exprError(err error) error {
	if e, ok := err.(*schedexpr.Error); ok {
		return domain.Invalid(e.Field, e.Reason)
	}
	return domain.Invalid("expression", err.Error())
}

// channels checks the notification channels a schedule names: each one
// of the workspace's, and the caller's own unless it sees everything.
func (s *Service) channels(ctx context.Context, p *httpapi.Principal, ids []string) ([]string, error) {
	if len(ids) > maxChannels {
		return nil, domain.Invalidf("channelIds", "at most %d channels", maxChannels)
	}
	var out []string
	for _, id := range ids {
		if !domain.ValidID(id) {
			return nil, domain.Invalidf("channelIds", "%q is not a channel id", id)
		}
		if slices.Contains(out, id) {
			continue
		}
		c, err := s.d.Store.GetChannel(ctx, p.WorkspaceID, id)
		if domain.Is(err, domain.KindNotFound) || (err == nil && !p.Can(authz.ScopeAll) && c.CreatedBy != p.UserID) {
			return nil, domain.Invalidf("channelIds", "channel %s is not available to you", id)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}
