// Package api joins the domains into the CloudCensus API: the route table
// is the concatenation of each domain's Routes, each line marked with the
// Lambda that serves it; the OpenAPI document and the contract are built
// from that table. Local mode mounts the whole table on one mux; the
// contract command prints it for the console and the CDK.
//
// No Lambda imports it: a Lambda's main mounts its own domain's Routes and
// nothing else (the import-rule test holds every function to that).
package api

import (
	"encoding/json"
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/approvals"
	"github.com/cloudcensus/cloudcensus/functions/internal/auth"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/monitor"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
	"github.com/cloudcensus/cloudcensus/functions/internal/permcheck"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedules"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
	"github.com/cloudcensus/cloudcensus/functions/internal/templates"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
	"github.com/cloudcensus/cloudcensus/functions/internal/workspaces"
)

// Version is the API version shown in the OpenAPI document.
const Version = "1.0.0"

// Domains are the services whose routes make the API.
type Domains struct {
	System      *system.Service
	Auth        *auth.Service
	Users       *users.Service
	Credentials *credentials.Service
	Tasks       *tasks.Service
	Reports     *reports.Service
	Admin       *admin.Service
	Exports     *jobs.Service
	Channels    *notifications.Service
	Schedules   *schedules.Service
	Templates   *templates.Service
	Approvals   *approvals.Service
	PermCheck   *permcheck.Service
	Monitor     *monitor.Service
	Workspaces  *workspaces.Service
}

// Routes is the route table: every domain's routes, each marked with the
// Lambda that serves it (the function's folder under functions/).
func (d Domains) Routes() []httpapi.Route {
	return slices.Concat(
		servedBy("auth", d.System.Routes(), d.Auth.Routes(), d.PermCheck.Routes()),
		servedBy("users", d.Users.Routes()),
		servedBy("credentials", d.Credentials.Routes()),
		servedBy("tasks", d.Tasks.Routes(), d.Schedules.Routes()),
		servedBy("reports", d.Reports.Routes(), d.Exports.Routes(), d.Templates.Routes()),
		servedBy("admin", d.Admin.Routes(), d.Approvals.Routes(), d.Monitor.Routes(), d.Workspaces.Routes()),
		servedBy("notifications", d.Channels.Routes()),
	)
}

func servedBy(fn string, sets ...[]httpapi.Route) []httpapi.Route {
	out := slices.Concat(sets...)
	for i := range out {
		out[i].Function = fn
	}
	return out
}

// Table is the route table as data: the routes of services built with no
// dependencies, whose handlers are never called. The contract, the
// OpenAPI document and the tests read it.
func Table() []httpapi.Route {
	return Domains{System: system.New(), Auth: &auth.Service{}, Users: &users.Service{}, Credentials: &credentials.Service{},
		Tasks: &tasks.Service{}, Reports: &reports.Service{}, Admin: &admin.Service{}, Exports: &jobs.Service{}, Channels: &notifications.Service{}, Schedules: &schedules.Service{},
		Templates: &templates.Service{}, Approvals: &approvals.Service{}, PermCheck: &permcheck.Service{},
		Monitor: &monitor.Service{}, Workspaces: &workspaces.Service{}}.Routes()
}

// OpenAPI is the API description of a route table, as JSON.
func OpenAPI(routes []httpapi.Route) []byte {
	b, err := json.Marshal(httpapi.OpenAPI("CloudCensus API", Version, routes))
	if err != nil {
		panic("openapi: " + err.Error()) // maps of strings and slices: cannot fail
	}
	return b
}
