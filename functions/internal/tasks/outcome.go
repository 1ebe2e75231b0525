package tasks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// Outcome says in words what a scan did not cover, where, why, and what
// fixes it: the banner of a task that completed with warnings, so nobody
// has to read coverage cells or log lines to learn that lambda:
// ListFunctions was denied in one account.
type Outcome struct {
	// Summary is one sentence: "Completed with warnings: 2 services in 1
	// of 4 account-regions could not be read completely."
	Summary string  `json:"summary"`
	Issues  []Issue `json:"issues"`
}

// Issue is one service not (fully) read in one account and region.
type Issue struct {
	Service   string           `json:"service"`
	AccountID string           `json:"accountId"`
	Region    string           `json:"region"`
	Status    inventory.Status `json:"status"`
	// Action is the IAM action denied or failing, when known.
	Action string `json:"action,omitempty"`
	// Reason and Fix are sentences for a person.
	Reason string `json:"reason"`
	Fix    string `json:"fix"`
	// Calls are the detail calls a partial service could not make.
	Calls []string `json:"calls,omitempty"`
}

// UnitView is a unit as the task detail shows it: its state, and how many
// of its services were not read completely (a unit "done" with warnings).
type UnitView struct {
	domain.UnitState
	Warnings int `json:"warnings"`
}

// explain reads a task's units into its outcome and unit views.
func explain(t *domain.Task, units []domain.UnitState) (*Outcome, []UnitView) {
	views := make([]UnitView, 0, len(units))
	out := &Outcome{Issues: []Issue{}}
	touched := 0
	for _, u := range units {
		v := UnitView{UnitState: u}
		for _, c := range u.Coverage {
			is, ok := issueOf(c)
			if !ok {
				continue
			}
			v.Warnings++
			out.Issues = append(out.Issues, is)
		}
		if v.Warnings > 0 {
			touched++
		}
		views = append(views, v)
	}
	slices.SortStableFunc(out.Issues, func(a, b Issue) int {
		return strings.Compare(a.AccountID+a.Region+a.Service, b.AccountID+b.Region+b.Service)
	})
	switch {
	case len(out.Issues) == 0 && t.Status == domain.TaskCompleted:
		out.Summary = fmt.Sprintf("Completed: every service was read in %s.", plural(len(units), "account-region", "account-regions"))
	case len(out.Issues) == 0:
		out.Summary = ""
	default:
		services := map[string]bool{}
		for _, is := range out.Issues {
			services[is.Service] = true
		}
		out.Summary = fmt.Sprintf("Completed with warnings: %s in %d of %d account-regions could not be read completely.",
			plural(len(services), "service", "services"), touched, len(units))
		if !t.Status.Final() {
			out.Summary = fmt.Sprintf("So far %s in %d account-regions could not be read completely.", plural(len(services), "service", "services"), touched)
		}
	}
	return out, views
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// issueOf explains one coverage cell that is not fully read; ok is false
// for a cell read completely, skipped by design or excluded by a rule.
func issueOf(c inventory.Coverage) (Issue, bool) {
	is := Issue{Service: c.Service, AccountID: c.AccountID, Region: c.Region, Status: c.Status, Action: c.Action}
	action := c.Action
	if action == "" {
		action = "the " + c.Service + " read actions"
	}
	switch c.Status {
	case inventory.StatusAccessDenied:
		is.Reason = fmt.Sprintf("Access denied: the scanner's identity may not call %s.", action)
		is.Fix = fmt.Sprintf("Allow %s in the scanner role's policy (the CloudCensus role template grants it: update the stack from the latest template), then scan again.", action)
	case inventory.StatusRegionDisabled:
		is.Reason = fmt.Sprintf("The region %s is not enabled in account %s.", c.Region, c.AccountID)
		is.Fix = "Enable the region in the account (AWS console › Account › AWS Regions), or leave it out of the scan."
	case inventory.StatusThrottled:
		is.Reason = fmt.Sprintf("AWS throttled %s beyond the scan's retries.", action)
		is.Fix = "Scan again at a quieter time, or scan fewer regions at once."
	case inventory.StatusPartial:
		is.Calls = c.PartialCalls
		is.Reason = fmt.Sprintf("Every resource is listed, but %s could not be read; the cells they fill say \"not readable\".",
			plural(len(c.PartialCalls), "detail call", "detail calls"))
		is.Fix = "Allow the calls named below in the scanner role's policy, then scan again."
		if len(c.PartialCalls) > 0 {
			is.Fix = "Allow " + strings.Join(callActions(c.PartialCalls), ", ") + " in the scanner role's policy, then scan again."
		}
	case inventory.StatusError:
		is.Reason = fmt.Sprintf("Reading %s failed: %s.", c.Service, sentence(c.Error))
		is.Fix = "Scan again; if it fails again, an admin finds the full error in the task log."
	default:
		return is, false
	}
	return is, true
}

// callActions turns "cloudfront:ListDistributionsByWebACLId (AccessDenied)"
// into the action alone.
func callActions(calls []string) []string {
	out := make([]string, 0, len(calls))
	for _, c := range calls {
		a, _, _ := strings.Cut(c, " ")
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// sentence is an error code or message as a person reads it: without a
// trailing period, never empty.
func sentence(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	if s == "" {
		return "an unexpected error"
	}
	return strings.ReplaceAll(s, "_", " ")
}
