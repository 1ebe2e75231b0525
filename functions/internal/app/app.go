// Package app wires CloudCensus's handlers to their dependencies. The
// Lambdas (one per domain) and the local binary (everything in one process)
// build the same Deps with different implementations behind them and mount
// the same route table, so no handler knows which runtime it is in.
package app

import (
	"fmt"
	"log/slog"
	"maps"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/auth"
	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer"
	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/notify"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
	"github.com/cloudcensus/cloudcensus/functions/internal/taskflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
)

// Version is the API version shown in the OpenAPI document.
const Version = "1.0.0"

// Deps are the dependencies every handler package draws from.
type Deps struct {
	Logger        *slog.Logger
	Store         *store.Store
	Results       *blob.Store // unit results, uploads
	ReportsBucket *blob.Store // generated documents
	System        *system.Service
	Auth          httpapi.Authenticator
	RequestID     httpapi.RequestIDSource
	Origins       []string // SPA origins allowed by CORS

	Pool       *identity.Pool
	Authorizer *authorizer.Authorizer // resolves tokens for the auth routes

	Secrets      *secrets.Box        // envelope encryption of stored secrets
	Resolver     *awsclient.Resolver // credentials -> aws.Config
	Orchestrator tasks.Orchestrator  // the scan-task workflow
	Region       string              // the platform's region
	TempDir      string              // where reports are spooled
	Budget       *budget.Registry    // the API budget shared by every unit of the process
}

// Flow is the scan-task workflow's functions.
func (d *Deps) Flow() *taskflow.Flow {
	return &taskflow.Flow{Store: d.Store, Resolver: d.Resolver, Results: d.Results, Reporter: d.Reports(), Logger: d.Logger,
		Scanner: &scanner.Runner{Budget: d.Budget, Store: d.Results, Logger: d.Logger}}
}

// Reports is the report builder.
func (d *Deps) Reports() *reports.Builder {
	return reports.NewBuilder(d.Store, d.Results, d.ReportsBucket, d.TempDir)
}

// Audit is the audit log over the store.
func (d *Deps) Audit() *audit.Log { return audit.New(d.Store) }

// Users is the user lifecycle service (also used to seed the first admin).
func (d *Deps) Users() *users.Service { return users.New(d.Pool, d.Store, d.Audit()) }

// NewSystem builds the system service with the API description of the
// whole route table.
func NewSystem() *system.Service {
	return system.New(httpapi.OpenAPI("CloudCensus API", Version, routes.All()))
}

// handlers collects every domain package's handlers.
func (d *Deps) handlers() httpapi.Handlers {
	all := httpapi.Handlers{}
	al := d.Audit()
	us := users.New(d.Pool, d.Store, al)
	for _, set := range []httpapi.Handlers{
		d.System.Handlers(),
		auth.New(d.Pool, d.Store, d.Authorizer, us, al, notify.Log{L: d.Logger}).Handlers(),
		us.Handlers(),
		admin.New(d.Store, d.Authorizer, al).Handlers(),
		credentials.New(credentials.Deps{Store: d.Store, Secrets: d.Secrets, AWS: d.Resolver, Usage: d.Store,
			Templates: d.Results, Audit: al, ReadActions: scanner.ReadActions, Region: d.Region}).Handlers(),
		tasks.New(d.Store, d.Results, d.Orchestrator, al).Handlers(),
		reports.NewService(d.Reports(), d.Store, al).Handlers(),
	} {
		maps.Copy(all, set)
	}
	return all
}

// Mux mounts the routes of one Lambda, or of every Lambda when fn is empty.
func (d *Deps) Mux(fn string) (http.Handler, error) {
	all := d.handlers()
	if fn == "" { // every route: the mux checks table and handlers agree both ways
		return httpapi.NewMux(routes.All(), all, d.muxOptions())
	}
	rts := routes.ForFunction(fn)
	hs := httpapi.Handlers{}
	for _, r := range rts {
		h, ok := all[r.Key()]
		if !ok {
			return nil, fmt.Errorf("route %s has no handler", r.Key())
		}
		hs[r.Key()] = h
	}
	return httpapi.NewMux(rts, hs, d.muxOptions())
}

func (d *Deps) muxOptions() httpapi.Options {
	o := httpapi.Options{Logger: d.Logger, RequestID: d.RequestID, Auth: d.Auth, AllowedOrigins: d.Origins}
	if d.Store != nil {
		al := d.Audit()
		// Every refused request leaves an audit entry.
		o.OnDenied = func(r *http.Request, rt httpapi.Route, err error) {
			_ = al.Record(r, audit.Event{Action: "access.denied", ResourceType: "route", ResourceID: rt.Key()}, err)
		}
	}
	return o
}

// SystemMux serves only the system routes (health, API description): what
// a process answers while its dependencies are still starting.
func (d *Deps) SystemMux() (http.Handler, error) {
	all := d.System.Handlers()
	hs := httpapi.Handlers{}
	var rts []httpapi.Route
	for _, r := range routes.All() {
		if h, ok := all[r.Key()]; ok && r.Public {
			rts = append(rts, r)
			hs[r.Key()] = h
		}
	}
	return httpapi.NewMux(rts, hs, d.muxOptions())
}
