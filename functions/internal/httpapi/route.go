package httpapi

import "net/http"

// Route is one line of the route table. The table is data: the router, the
// authorizer's policy, the OpenAPI document, the CDK's API methods and the
// role x route test all read it.
type Route struct {
	Method   string
	Path     string
	Perm     string // permission key ("resource:operation"); empty only on public routes
	Public   bool   // no authentication: sign-in, refresh, register, health, the API description
	Function string // the Lambda that serves the route in AWS
	Summary  string
	Query    []Param // query parameters
	Body     any     // prototype of the JSON request body, for the API description
	Reply    any     // prototype of the JSON answer
	Status   int     // success status (200 when zero)
}

// Param is a query parameter.
type Param struct {
	Name     string
	Required bool
	Desc     string
}

// Key identifies a route: "GET /api/tasks".
func (r Route) Key() string { return r.Method + " " + r.Path }

// Handler serves one route. Returning an error writes the envelope, so a
// handler never chooses a status code for a failure itself.
type Handler func(w http.ResponseWriter, r *http.Request) error

// Handlers binds route keys to handlers; each domain package provides its
// own set and the mux checks the table and the sets agree.
type Handlers map[string]Handler
