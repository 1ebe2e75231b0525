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

	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
)

// Version is the API version shown in the OpenAPI document.
const Version = "1.0.0"

// Deps are the dependencies every handler package draws from.
type Deps struct {
	Logger    *slog.Logger
	Store     *store.Store
	Results   *blob.Store // unit results, uploads
	Reports   *blob.Store // generated documents
	System    *system.Service
	Auth      httpapi.Authenticator
	RequestID httpapi.RequestIDSource
	Origins   []string // SPA origins allowed by CORS
}

// NewSystem builds the system service with the API description of the
// whole route table.
func NewSystem() *system.Service {
	return system.New(httpapi.OpenAPI("CloudCensus API", Version, routes.All()))
}

// handlers collects every domain package's handlers.
func (d *Deps) handlers() httpapi.Handlers {
	all := httpapi.Handlers{}
	for _, set := range []httpapi.Handlers{
		d.System.Handlers(),
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
	return httpapi.Options{Logger: d.Logger, RequestID: d.RequestID, Auth: d.Auth, AllowedOrigins: d.Origins}
}

// SystemMux serves only the system routes (health, API description): what
// a process answers while its dependencies are still starting.
func (d *Deps) SystemMux() (http.Handler, error) {
	hs := d.System.Handlers()
	var rts []httpapi.Route
	for _, r := range routes.All() {
		if _, ok := hs[r.Key()]; ok {
			rts = append(rts, r)
		}
	}
	return httpapi.NewMux(rts, hs, d.muxOptions())
}
