package routes

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
)

var reportRoutes = []httpapi.Route{
	{Method: "GET", Path: "/api/reports", Perm: authz.ReportsRead, Function: FnReports, Summary: "List reports, newest first",
		Query: withPage(httpapi.Param{Name: "task_id"}), Reply: httpapi.List[domain.Report]{}},
	{Method: "GET", Path: "/api/reports/detail", Perm: authz.ReportsRead, Function: FnReports, Summary: "One report", Query: idParam, Reply: domain.Report{}},
	{Method: "GET", Path: "/api/reports/download", Perm: authz.ReportsDownload, Function: FnReports, Summary: "A download link that works for 10 minutes", Query: idParam, Reply: reports.Download{}},
	{Method: "POST", Path: "/api/reports/delete", Perm: authz.ReportsDelete, Function: FnReports, Summary: "Delete a report and its document", Body: reports.IDBody{}, Status: 204},
	{Method: "POST", Path: "/api/reports/rebuild", Perm: authz.ReportsRebuild, Function: FnReports, Summary: "Build a finished task's report again", Body: reports.RebuildBody{}, Reply: domain.Report{}, Status: 201},
}
