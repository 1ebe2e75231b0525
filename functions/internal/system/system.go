// Package system serves the routes about the API itself: readiness with
// each dependency's status, the OpenAPI document, and the column spec and
// regions the console shows.
//
// It must not import the store or the AWS SDK: dependencies are checked
// through the Checker they offer.
package system

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Checker reports whether one dependency answers.
type Checker interface {
	Ping(ctx context.Context) error
}

// Health is the readiness answer.
type Health struct {
	Status       string            `json:"status"` // ok or starting/degraded
	Dependencies map[string]string `json:"dependencies"`
}

// Service answers the system routes.
type Service struct {
	mu     sync.RWMutex
	checks map[string]Checker
	ready  bool
	doc    json.RawMessage
}

// New builds the service. The OpenAPI document describes the whole route
// table, which this service is a part of, so it is given afterwards
// (SetDocument): built from the table in local mode, read from the file
// shipped beside the binary in AWS.
func New() *Service {
	return &Service{checks: map[string]Checker{}, doc: json.RawMessage(`{}`)}
}

// SetDocument sets the OpenAPI document to serve.
func (s *Service) SetDocument(doc []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.doc = doc
}

// Ready marks the dependencies as started and names their checks; until
// then health answers 503 "starting".
func (s *Service) Ready(checks map[string]Checker) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = checks
	s.ready = true
}

// Routes are the system routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/health", Public: true, Summary: "Readiness of the API and each dependency", Reply: Health{}, Handler: s.health},
		{Method: "GET", Path: "/api/openapi.json", Public: true, Summary: "This API's OpenAPI document", Handler: s.openapi},
		{Method: "GET", Path: "/api/meta/services", Perm: authz.AuthSelf, Summary: "The column spec of every service and the regions a task may select",
			Reply: Catalog{}, Handler: s.services},
	}
}

func (s *Service) health(w http.ResponseWriter, r *http.Request) error {
	s.mu.RLock()
	checks, ready := s.checks, s.ready
	s.mu.RUnlock()
	h := Health{Status: "ok", Dependencies: map[string]string{}}
	if !ready {
		h.Status = "starting"
		return httpapi.JSON(w, http.StatusServiceUnavailable, h)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	names := make([]string, 0, len(checks))
	for n := range checks {
		names = append(names, n)
	}
	sort.Strings(names)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status := "up"
			if err := checks[n].Ping(ctx); err != nil {
				status = "down"
				httpapi.Logger(ctx).Warn("dependency down", "dependency", n, "error", err.Error())
			}
			mu.Lock()
			h.Dependencies[n] = status
			if status != "up" {
				h.Status = "degraded"
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if h.Status != "ok" {
		return httpapi.JSON(w, http.StatusServiceUnavailable, h)
	}
	return httpapi.JSON(w, http.StatusOK, h)
}

func (s *Service) openapi(w http.ResponseWriter, _ *http.Request) error {
	s.mu.RLock()
	doc := s.doc
	s.mu.RUnlock()
	w.Header().Set("Cache-Control", "public, max-age=300")
	return httpapi.JSON(w, http.StatusOK, doc)
}

// Catalog is the column spec and the regions a task may select: the
// console reads them here instead of keeping lists of its own.
type Catalog struct {
	Services []spec.Service `json:"services"`
	Regions  []string       `json:"regions"`
	Families []spec.Family  `json:"families"`
}

func (s *Service) services(w http.ResponseWriter, _ *http.Request) error {
	w.Header().Set("Cache-Control", "private, max-age=300")
	return httpapi.JSON(w, http.StatusOK, Catalog{Services: spec.All(), Regions: spec.Regions(), Families: spec.Families})
}
