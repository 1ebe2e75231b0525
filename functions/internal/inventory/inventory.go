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
	// Net is where the resource sits in the network and what it
	// connects: the generated network diagram is drawn from it alone.
	// Nil for resources outside a VPC.
	Net *Net `json:"net,omitempty"`
}

// Net holds a resource's network relations by AWS id. The columns are
// formatted for reading and may be cut or joined; these are the raw ids the
// diagram matches on, and they are never printed as columns.
type Net struct {
	VPC     string   `json:"vpc,omitempty"`     // the VPC it sits in or is attached to
	Subnets []string `json:"subnets,omitempty"` // subnets it sits in (a route table: its explicit associations)
	AZ      string   `json:"az,omitempty"`      // availability zone, when it has one
	CIDR    string   `json:"cidr,omitempty"`    // VPC and subnet: the primary IPv4 block
	// Main marks a VPC's main route table, which the subnets without an
	// explicit association use.
	Main bool `json:"main,omitempty"`
	// Routes are a route table's routes that leave the VPC, by target
	// (igw-, nat-, tgw-, vgw-, pcx-, vpce-, eni- ids); a route to an
	// internet gateway makes its subnets public.
	Routes []Route `json:"routes,omitempty"`
	// Peers are what a link joins: a peering connection's requester and
	// accepter VPCs; a VPN connection's customer gateway and its virtual
	// private or transit gateway; a gateway's attachments to VPCs.
	Peers []string `json:"peers,omitempty"`
	// Remote says where a peer outside this unit lives, e.g. a peering
	// to "vpc-123 (111122223333, us-east-1)".
	Remote string `json:"remote,omitempty"`
}

// Route is one route of a route table.
type Route struct {
	Destination string `json:"destination"` // CIDR or prefix list id
	Target      string `json:"target"`      // gateway, NAT gateway, peering, endpoint or interface id
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
	// StatusPartial: the service completed and listed every resource, but
	// some detail calls failed (tags, associations, target health, ...):
	// the cells they fill say "not readable: ..." and PartialCalls names
	// the calls. It counts as completed with warnings: not Failed.
	StatusPartial Status = "partial"
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
	Action string `json:"action,omitempty" dynamo:"action,omitempty"`
	// PartialCalls are the detail calls that failed in a partial service,
	// sorted and once each: "service:Action (reason)", e.g.
	// "cloudfront:ListDistributionsByWebACLId (AccessDenied)".
	PartialCalls []string      `json:"partial,omitempty" dynamo:"partial,omitempty"`
	Details      string        `json:"details,omitempty" dynamo:",omitempty"` // error chain and where it happened
	Duration     time.Duration `json:"-" dynamo:"-"`
}

// Partial reports whether the service completed with some details not
// readable (StatusPartial): its resources are all listed.
func (c Coverage) Partial() bool { return c.Status == StatusPartial }

// Failed reports whether the service did not complete.
// A service a scope rule excluded did not fail: it was not wanted. A
// partial one completed, with warnings (Partial).
func (c Coverage) Failed() bool {
	return c.Status != StatusOK && c.Status != StatusSkipped && c.Status != StatusExcluded && c.Status != StatusPartial
}

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
	// Excluded counts what the task's scope rules dropped (package scope).
	Excluded []Excluded `json:"excluded,omitempty"`
}

// Summary is the small answer a unit returns to the workflow: Step
// Functions payloads are limited to 256 KB, so records never travel here.
type Summary struct {
	Unit           Unit     `json:"unit"`
	ResultKey      string   `json:"resultKey"`
	Resources      int      `json:"resources"`
	ServicesOK     int      `json:"servicesOk"`
	ServicesFailed []string `json:"servicesFailed,omitempty"`
	// ServicesPartial completed with some details not readable; they are
	// neither OK nor failed.
	ServicesPartial []string       `json:"servicesPartial,omitempty"`
	Statuses        map[Status]int `json:"statuses"`
	Calls           int            `json:"calls"`
	Throttles       int            `json:"throttles"`
	Retries         int            `json:"retries"`
	DurationMS      int64          `json:"durationMs"`
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
		case c.Partial():
			sum.ServicesPartial = append(sum.ServicesPartial, c.Service)
		case c.Failed():
			sum.ServicesFailed = append(sum.ServicesFailed, c.Service)
		}
	}
	return sum
}

// Statuses lists every coverage status.
var Statuses = []Status{StatusOK, StatusPartial, StatusAccessDenied, StatusRegionDisabled, StatusThrottled, StatusError, StatusSkipped, StatusExcluded}

// EnumValues lists the statuses for the API description.
func (Status) EnumValues() []string {
	out := make([]string, len(Statuses))
	for i, s := range Statuses {
		out[i] = string(s)
	}
	return out
}
