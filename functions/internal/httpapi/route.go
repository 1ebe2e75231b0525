package httpapi

import "net/http"

// Route is one line of the route table, with the handler that serves it.
// Each domain package answers its own lines (its Routes method), so the
// hop from a route to its handler is one go-to-definition; the table is
// their concatenation, and the router, the authorizer's policy, the
// OpenAPI document, the contract the console and the CDK read, and the
// role x route test all read it.
type Route struct {
	Method  string
	Path    string
	Perm    string // permission key ("resource:operation"); empty only on public routes
	Public  bool   // no authentication: sign-in, refresh, register, health, the API description
	Summary string
	Query   []Param // query parameters
	Body    any     // prototype of the JSON request body, for the API description
	Reply   any     // prototype of the JSON answer
	Status  int     // success status (200 when zero)
	// Audit, when set, makes every call of the route an audit entry with
	// its outcome: the mux records it; the handler only adds the resource
	// and the before and after (AuditOf).
	Audit   Audit
	Handler Handler
	// Function is the Lambda that serves the route in AWS, set where the
	// domains' routes are joined into the table.
	Function string
}

// Audit names what an audited route records: an action ("tasks.create")
// on a type of resource ("task").
type Audit struct {
	Action       string `json:"action"`
	ResourceType string `json:"resourceType"`
}

// Audited declares a route's audit action.
func Audited(action, resourceType string) Audit {
	return Audit{Action: action, ResourceType: resourceType}
}

// Param is a query parameter.
type Param struct {
	Name     string
	Required bool
	Desc     string
	Type     string // its JSON schema type; "string" when empty
}

// Key identifies a route: "GET /api/tasks".
func (r Route) Key() string { return r.Method + " " + r.Path }

// Handler serves one route. Returning an error writes the envelope, so a
// handler never chooses a status code for a failure itself.
type Handler func(w http.ResponseWriter, r *http.Request) error

// IDBody names one resource in a POST body: the seed passes ids in the
// body, never in the path.
type IDBody struct {
	ID string `json:"id"`
}

// Query parameters shared by many routes.
var (
	PageParams = []Param{{Name: "page", Desc: "page number, from 1", Type: "integer"}, {Name: "page_size", Desc: "1 to 100, default 20", Type: "integer"},
		{Name: "cursor", Desc: "next_cursor of the previous page"}}
	IDParam = []Param{{Name: "id", Required: true}}
)

// WithPage is the paging parameters followed by a list route's filters.
func WithPage(ps ...Param) []Param {
	return append(append([]Param{}, PageParams...), ps...)
}

// RouteInfo is a route as the contract writes it: everything but the
// handler and the body prototypes. The authorizer reads the table in this
// shape, from the contract shipped beside it, without linking a handler.
type RouteInfo struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Permission string `json:"permission,omitempty"`
	Public     bool   `json:"public"`
	Function   string `json:"function"`
	Summary    string `json:"summary"`
	Audit      *Audit `json:"audit,omitempty"`
}

// Info is the route's contract line.
func (r Route) Info() RouteInfo {
	ri := RouteInfo{Method: r.Method, Path: r.Path, Permission: r.Perm, Public: r.Public, Function: r.Function, Summary: r.Summary}
	if r.Audit.Action != "" {
		a := r.Audit
		ri.Audit = &a
	}
	return ri
}

// Route is the contract line as a route without a handler.
func (ri RouteInfo) Route() Route {
	r := Route{Method: ri.Method, Path: ri.Path, Perm: ri.Permission, Public: ri.Public, Function: ri.Function, Summary: ri.Summary}
	if ri.Audit != nil {
		r.Audit = *ri.Audit
	}
	return r
}
