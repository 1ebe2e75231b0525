package routes

import "github.com/cloudcensus/cloudcensus/functions/internal/httpapi"

var credentialRoutes = []httpapi.Route{}
