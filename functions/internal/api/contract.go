package api

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/roletemplate"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Contract is the one document of the facts Go, the console and the CDK
// share: `cloudcensus contract` prints it, the CDK builds the API, the
// functions' environments, grants and the workflow from it, the console
// generates its route list, permission keys and UI ids from it, and the
// authorizer reads its routes. Nothing in it is listed anywhere else.
type Contract struct {
	Routes      []httpapi.RouteInfo  `json:"routes"`
	Functions   []lambdaenv.Function `json:"functions"`
	Workflow    workflow.Contract    `json:"workflow"`
	ObjectKeys  []layout.Prefix      `json:"objectKeys"`
	Permissions []authz.Entry        `json:"permissions"`
	ErrorCodes  []httpapi.ErrorCode  `json:"errorCodes"`
	ReadActions []string             `json:"readActions"` // what the scanner role grants
	// ScannerRole is the name (and name prefix) of the read-only role in
	// target accounts: the only roles the platform principal may assume.
	ScannerRole string `json:"scannerRole"`
	// AuthorizerCacheSeconds is how long API Gateway keeps the
	// authorizer's answer per token (the local gateway keeps it as long);
	// RevocationBoundSeconds how old the rights the mux reads may be.
	AuthorizerCacheSeconds int `json:"authorizerCacheSeconds"`
	RevocationBoundSeconds int `json:"revocationBoundSeconds"`
	// Retention is how long the buckets keep results, uploads, templates
	// and deleted documents: the stack's lifecycle rules.
	Retention layout.Retention `json:"retention"`
}

// NewContract builds the contract of a route table.
func NewContract(routes []httpapi.Route) Contract {
	c := Contract{Functions: lambdaenv.Functions, Workflow: workflow.NewContract(), ObjectKeys: layout.Prefixes(),
		Permissions: authz.Entries(), ErrorCodes: httpapi.ErrorCodes(), ReadActions: spec.ReadActions(),
		ScannerRole: roletemplate.RoleName, AuthorizerCacheSeconds: int(rights.GatewayCache.Seconds()),
		RevocationBoundSeconds: int(rights.Bound.Seconds()), Retention: layout.Retain}
	for _, r := range routes {
		c.Routes = append(c.Routes, r.Info())
	}
	return c
}
