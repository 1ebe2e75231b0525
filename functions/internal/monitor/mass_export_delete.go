package monitor

import (
	"fmt"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// MassExportDelete configures mass_export_delete: Count successful
// actions matching Actions by one user within Minutes.
type MassExportDelete struct {
	Count   int      `json:"count"`
	Minutes int      `json:"minutes"`
	Actions []string `json:"actions"`
}

// DefaultMassExportDelete is 10 exports or deletes within 10 minutes.
func DefaultMassExportDelete() *MassExportDelete {
	return &MassExportDelete{Count: 10, Minutes: 10, Actions: []string{"*.export", "*.delete"}}
}

func (c *MassExportDelete) threshold() Threshold {
	return Threshold{Count: c.Count, Minutes: c.Minutes}
}

// Validate implements Config.
func (c *MassExportDelete) Validate() error {
	if err := c.threshold().validate("config", false); err != nil {
		return err
	}
	if len(c.Actions) == 0 {
		return domain.Invalid("config.actions", `must name at least one action, such as "*.delete"`)
	}
	return validatePatterns("config.actions", c.Actions)
}

func (c *MassExportDelete) lookback() time.Duration { return c.threshold().lookback() }

func (c *MassExportDelete) counts(e *domain.AuditEntry) bool {
	return e.Result == domain.AuditSuccess && isUser(e.Actor) && matchAny(c.Actions, e.Action)
}

// Evaluate implements Config.
func (c *MassExportDelete) Evaluate(b *Batch, out *Result) {
	es := b.own(c.counts)
	windowed(b, es, func(e *domain.AuditEntry) string { return e.Actor }, c.threshold(), func(actor string, in []counted) Finding {
		es := entriesOf(in)
		name := actorName(es[len(es)-1])
		return Finding{Rule: RuleMassExportDelete, Severity: domain.SeverityHigh, Title: "Mass export or delete",
			Subject: actor, SubjectName: name,
			Message: fmt.Sprintf("%s exported or deleted %d times within %d minutes: %s.", name, len(es), c.Minutes,
				summary(es, func(e *domain.AuditEntry) string { return e.Action }, 5))}
	}, out)
}
