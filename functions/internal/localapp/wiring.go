package localapp

import (
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/api"
	"github.com/cloudcensus/cloudcensus/functions/internal/approvals"
	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/auth"
	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/monitor"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
	"github.com/cloudcensus/cloudcensus/functions/internal/notify"
	"github.com/cloudcensus/cloudcensus/functions/internal/permcheck"
	"github.com/cloudcensus/cloudcensus/functions/internal/probe"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedules"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
	"github.com/cloudcensus/cloudcensus/functions/internal/taskflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
	"github.com/cloudcensus/cloudcensus/functions/internal/templates"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
	"github.com/cloudcensus/cloudcensus/functions/internal/workspaces"
)

// The store is each domain's table, the local orchestrator the tasks'
// workflow: checked here, where they are wired, as each Lambda's main
// does by compiling.
var (
	_ tasks.Store        = (*store.Store)(nil)
	_ credentials.Store  = (*store.Store)(nil)
	_ admin.Store        = (*store.Store)(nil)
	_ auth.Store         = (*store.Store)(nil)
	_ users.Lister       = (*store.Store)(nil)
	_ identity.UserTable = (*store.Store)(nil)
	_ reports.Store      = (*store.Store)(nil)
	_ taskflow.Store     = (*store.Store)(nil)
)

// Users is the user lifecycle over the local pool and table (also used to
// seed the admin).
func (l *Local) Users() *identity.Users { return identity.NewUsers(l.Pool, l.Store) }

// ReportBuilder builds reports from the local buckets.
func (l *Local) ReportBuilder() *reports.Builder {
	return reports.NewBuilder(l.Store, l.Results, l.Reports, os.TempDir())
}

// Flow is the scan-task workflow's functions, as the four workflow
// Lambdas build them between them.
func (l *Local) Flow() *taskflow.Flow {
	return &taskflow.Flow{Store: l.Store, Resolver: l.Resolver, Results: l.Results, Reporter: l.ReportBuilder(), Logger: l.Logger,
		Scanner:   &scanner.Runner{Budget: l.Budget, Store: l.Results, Logger: l.Logger},
		Publisher: l.Publisher, ConsoleURL: l.consoleURL}
}

// ScheduleRunner runs a saved schedule's task as its owner, as the
// schedule-run function does.
func (l *Local) ScheduleRunner() *tasks.ScheduleRunner {
	return &tasks.ScheduleRunner{Tasks: tasks.New(l.Store, l.Results, l.Orchestrator), Store: l.Store, Publisher: l.Publisher, ConsoleURL: l.consoleURL}
}

// Domains are every domain's service over the local stand-ins.
func (l *Local) Domains() api.Domains {
	al := audit.New(l.Store)
	exports := jobs.New(l.Store, l.Jobs, l.Results)
	tasksSvc := tasks.New(l.Store, l.Results, l.Orchestrator).WithJobs(exports)
	d := api.Domains{
		System: l.System,
		Auth:   auth.New(l.Pool, l.Store, l.Authorizer, l.Users(), al, notify.Log{L: l.Logger, Pub: l.Publisher}),
		Users:  users.New(l.Store, l.Users()),
		Credentials: credentials.New(credentials.Deps{Store: l.Store, Secrets: l.Secrets, AWS: l.Resolver, Usage: l.Store,
			Templates: l.Results, Region: l.Region, Probe: probe.Local{Run: l.Flow().Probe}}),
		Tasks: tasksSvc,
		// No Remote: the local scheduler fires from the table.
		Schedules: schedules.New(schedules.Deps{Store: l.Store, Tasks: tasksSvc, Runner: l.ScheduleRunner(), Log: l.Logger,
			Now: l.clock.Now}),
		Reports:    reports.NewService(l.ReportBuilder(), l.Store).WithJobs(exports),
		Admin:      admin.New(l.Store, l.Authorizer).WithJobs(exports),
		Exports:    exports,
		Channels:   notifications.New(notifications.Deps{Store: l.Store, Box: l.Secrets, Sender: l.Sender, Policy: l.Sender.Policy}),
		Templates:  templates.New(l.Store, l.Results, l.Reports),
		Approvals:  l.Approvals(),
		PermCheck:  permcheck.New(l.Store),
		Monitor:    monitor.NewService(l.Store),
		Workspaces: workspaces.New(l.Store),
	}
	d.Approvals.WithRoutes(d.Routes())
	return d
}

// Approvals is the approvals service: its held calls replay through the
// local mux, as they replay through their route's function in AWS.
func (l *Local) Approvals() *approvals.Service {
	return approvals.New(approvals.Deps{Store: l.Store, Auditor: audit.New(l.Store), Now: func() time.Time { return l.clock.Now().UTC() },
		Executor: approvals.LocalExecutor{Handler: func() http.Handler { return *l.replayMux.Load() }}})
}

// Mux mounts the whole route table, with the authorizer in front of every
// protected route the way API Gateway runs it (its answer cached per token
// for as long), the caller's rights read again within the revocation
// bound on every request, as each API function does in AWS, and serves
// the table's API description.
func (l *Local) Mux() (http.Handler, error) {
	l.System.SetDocument(api.OpenAPI(l.Domains().Routes()))
	return l.MuxWithin(AWSGateway)
}

// MuxWithin is the whole route table, and extra routes (tests mount
// theirs), behind the gateway limits g: what AWS refuses, the local API
// refuses too.
func (l *Local) MuxWithin(g Gateway, extra ...httpapi.Route) (http.Handler, error) {
	d := l.Domains()
	routes := append(d.Routes(), extra...)
	h, err := httpapi.NewMux(routes, httpapi.Options{Logger: l.Logger, Auth: approvals.ReplayAuth{Inner: authorizer.NewLocal(l.Authorizer)},
		AllowedOrigins: l.Origins, Auditor: audit.New(l.Store), Rights: rights.New(l.Store, l.revocationBound).WithClock(l.clock.Now), Gate: d.Approvals})
	if err != nil {
		return nil, err
	}
	// Replays go to the mux without the gateway: they are not HTTP calls.
	l.replayMux.Store(&h)
	return g.Wrap(h), nil
}

// BootMux serves only the public system routes (health, the API
// description): what the local server answers while the stand-ins start.
func BootMux(sys *system.Service, log *slog.Logger) (http.Handler, error) {
	routes := sys.Routes()
	var public []httpapi.Route
	for _, r := range routes {
		if r.Public {
			public = append(public, r)
		}
	}
	return httpapi.NewMux(public, httpapi.Options{Logger: log})
}
