package routes

import "github.com/cloudcensus/cloudcensus/functions/internal/httpapi"

var taskRoutes = []httpapi.Route{}
