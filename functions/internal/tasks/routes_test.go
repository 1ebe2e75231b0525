package tasks_test

import (
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
)

// Every route of the package has a handler and a known permission, is
// refused (403 naming the permission) to a role without it, and, when
// audited, leaves an entry even when its body is refused.
func TestEveryRouteIsDeclaredAndAudited(t *testing.T) {
	h := newHarness(t)
	apitest.CheckRoutes(t, h.Harness, h.svc.Routes())
}
