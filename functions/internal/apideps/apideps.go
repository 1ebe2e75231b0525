// Package apideps builds what every API function gives its mux besides
// its routes, the same way in each: the audit log, the caller's current
// rights within the revocation bound, and the approvals gate that holds
// the calls a workflow covers.
package apideps

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/approvals"
	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// For is the mux's dependencies over the table.
func For(st *store.Store) lambdaenv.API {
	al := audit.New(st)
	return lambdaenv.API{Auditor: al, Rights: rights.New(st, rights.Bound),
		Gate: approvals.New(approvals.Deps{Store: st, Auditor: al})}
}
