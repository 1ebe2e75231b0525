package routes

import "github.com/cloudcensus/cloudcensus/functions/internal/httpapi"

var reportRoutes = []httpapi.Route{}
