package routes

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
)

var systemRoutes = []httpapi.Route{
	{Method: "GET", Path: "/api/health", Public: true, Function: FnAuth, Summary: "Readiness of the API and each dependency", Reply: system.Health{}},
	{Method: "GET", Path: "/api/openapi.json", Public: true, Function: FnAuth, Summary: "This API's OpenAPI document"},
	{Method: "GET", Path: "/api/meta/services", Perm: authz.AuthSelf, Function: FnAuth, Summary: "The column spec of every service and the regions a task may select", Reply: system.Catalog{}},
}
