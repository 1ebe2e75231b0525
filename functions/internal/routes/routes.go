// Package routes is the route table of the CloudCensus API: one line per
// route, with its permission and the Lambda that serves it. The router, the
// authorizer's policy, /api/openapi.json, the CDK's API methods and the
// role x route test all read this table, so adding a route is one line here
// plus its handler and its test.
//
// Route style (the seed's): GET /api/<resource> lists, GET
// /api/<resource>/detail?id= reads one, POST /api/<resource>/create,
// /update, /delete and verbs such as POST /api/tasks/cancel; ids travel in
// the query or the JSON body, never in the path.
//
// It holds data: handler packages are imported only for the request and
// answer types the API description shows, never for their handlers.
package routes

import (
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Lambda functions that serve routes.
const (
	FnAuth        = "auth"
	FnUsers       = "users"
	FnCredentials = "credentials"
	FnTasks       = "tasks"
	FnReports     = "reports"
	FnAdmin       = "admin"
)

// table is the concatenation of each domain's lines (one file each).
var table = slices.Concat(systemRoutes, authRoutes, userRoutes, credentialRoutes, taskRoutes, reportRoutes, adminRoutes)

// All returns the route table.
func All() []httpapi.Route { return slices.Clone(table) }

// ForFunction returns the routes one Lambda serves.
func ForFunction(fn string) []httpapi.Route {
	var out []httpapi.Route
	for _, r := range table {
		if r.Function == fn {
			out = append(out, r)
		}
	}
	return out
}

// Functions lists the Lambdas that serve routes, in table order.
func Functions() []string {
	var fns []string
	for _, r := range table {
		if !slices.Contains(fns, r.Function) {
			fns = append(fns, r.Function)
		}
	}
	return fns
}
