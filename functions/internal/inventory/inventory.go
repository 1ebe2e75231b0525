// Package inventory holds what a scan produces: resource records, the
// per-service coverage of a unit, and the unit result file that travels from
// the scan unit to the report through the blob store.
//
// It is the contract between the scanner (which writes it), the report and
// the tasks API (which read it). It imports no AWS SDK and nothing of the
// project but spec, so every side can depend on it.
package inventory

import (
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
)

// Record is one documented resource. Columns are keyed by the spec's column
// names and already formatted for a document (sizes with units, booleans as
// Yes/No, empty as a dash).
type Record struct {
	Service      string            `json:"service"`
	ResourceType string            `json:"resourceType"`
	AccountID    string            `json:"accountId"`
	Region       string            `json:"region"`
	ID           string            `json:"id"`
	ARN          string            `json:"arn,omitempty"`
	Name         string            `json:"name"`
	Tags         map[string]string `json:"tags,omitempty"`
	Columns      map[string]string `json:"columns"`
}

// Status is the outcome of one service in one unit.
type Status string

const (
	StatusOK             Status = "ok"
	StatusAccessDenied   Status = "access_denied"
	StatusRegionDisabled Status = "region_disabled"
	StatusThrottled      Status = "throttled"
	StatusError          Status = "error"
	StatusSkipped        Status = "skipped"
)

// Coverage says what happened to one service in one unit, so that nothing
// is ever silently missing from a report.
type Coverage struct {
	Service    string `json:"service" dynamo:"service"`
	AccountID  string `json:"accountId" dynamo:"accountId"`
	Region     string `json:"region" dynamo:"region"`
	Status     Status `json:"status" dynamo:"status"`
	Resources  int    `json:"resources" dynamo:"resources"`
	Calls      int    `json:"calls" dynamo:"calls"`
	Throttles  int    `json:"throttles" dynamo:"throttles"`
	Retries    int    `json:"retries" dynamo:"retries"`
	DurationMS int64  `json:"durationMs" dynamo:"durationMs"`
	Error      string `json:"error,omitempty" dynamo:"error,omitempty"`
	// Action is the IAM action of the call that failed, when one did
	// (ec2:DescribeVpcs): what a classified reason names.
	Action   string        `json:"action,omitempty" dynamo:"action,omitempty"`
	Details  string        `json:"details,omitempty" dynamo:",omitempty"` // error chain and where it happened
	Duration time.Duration `json:"-" dynamo:"-"`
}

// Failed reports whether the service did not complete.
func (c Coverage) Failed() bool { return c.Status != StatusOK && c.Status != StatusSkipped }

// Unit names one scan unit: an account and a region, or an account's global
// unit (Region == spec.GlobalUnit).
type Unit struct {
	TaskID       string   `json:"taskId"`
	CredentialID string   `json:"credentialId"`
	AccountID    string   `json:"accountId"`
	Region       string   `json:"region"`
	Services     []string `json:"services,omitempty"` // empty: every service of the unit's scope
}

// Key is the unit result's deterministic blob key, so a retried unit
// overwrites its earlier result and never duplicates it.
func (u Unit) Key() string {
	return layout.ResultKey(u.TaskID, u.CredentialID, u.AccountID, u.Region)
}

// Result is what a unit writes to the blob store (gzipped JSON) and what
// the export file holds: the records and the coverage.
type Result struct {
	Unit     *Unit      `json:"unit,omitempty"`
	Records  []Record   `json:"records"`
	Coverage []Coverage `json:"coverage"`
}

// Summary is the small answer a unit returns to the workflow: Step
// Functions payloads are limited to 256 KB, so records never travel here.
type Summary struct {
	Unit           Unit           `json:"unit"`
	ResultKey      string         `json:"resultKey"`
	Resources      int            `json:"resources"`
	ServicesOK     int            `json:"servicesOk"`
	ServicesFailed []string       `json:"servicesFailed,omitempty"`
	Statuses       map[Status]int `json:"statuses"`
	Calls          int            `json:"calls"`
	Throttles      int            `json:"throttles"`
	Retries        int            `json:"retries"`
	DurationMS     int64          `json:"durationMs"`
}

// Summarize returns the small summary of a unit result; the caller that
// timed the unit sets DurationMS.
func (res *Result) Summarize() Summary {
	sum := Summary{Resources: len(res.Records), Statuses: map[Status]int{}}
	if res.Unit != nil {
		sum.Unit, sum.ResultKey = *res.Unit, res.Unit.Key()
	}
	for _, c := range res.Coverage {
		sum.Statuses[c.Status]++
		sum.Calls += c.Calls
		sum.Throttles += c.Throttles
		sum.Retries += c.Retries
		switch {
		case c.Status == StatusOK:
			sum.ServicesOK++
		case c.Failed():
			sum.ServicesFailed = append(sum.ServicesFailed, c.Service)
		}
	}
	return sum
}

// Statuses lists every coverage status.
var Statuses = []Status{StatusOK, StatusAccessDenied, StatusRegionDisabled, StatusThrottled, StatusError, StatusSkipped}

// EnumValues lists the statuses for the API description.
func (Status) EnumValues() []string {
	out := make([]string, len(Statuses))
	for i, s := range Statuses {
		out[i] = string(s)
	}
	return out
}
